using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

public sealed class JobObservationTests
{
    private const string JobName = "oz-preflight-abc";

    public static IEnumerable<TestCaseData> Observations()
    {
        // Each case: what was observed, the expected reason (null: nothing to say), whether it ends the wait.
        yield return Case("job complete", new V1Job { Metadata = new V1ObjectMeta { Name = JobName }, Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Complete", Status = "True" }] } }, JobDiagnosis.Succeeded, true);
        yield return Case("job past its deadline", new V1Job { Metadata = new V1ObjectMeta { Name = JobName }, Status = new V1JobStatus { Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = "DeadlineExceeded" }] } }, JobDiagnosis.Timeout, true);
        yield return Case("job running", new V1Job { Metadata = new V1ObjectMeta { Name = JobName }, Status = new V1JobStatus { Active = 1 } }, null, false);
        yield return Case("ErrImagePull in the init container", Pod(init: Waiting("copy-sidecar-0", "ErrImagePull")), JobDiagnosis.ImagePull, true);
        yield return Case("ImagePullBackOff", Pod(main: Waiting("task", "ImagePullBackOff")), JobDiagnosis.ImagePull, true);
        yield return Case("InvalidImageName", Pod(main: Waiting("task", "InvalidImageName")), JobDiagnosis.InvalidImage, true);
        yield return Case("CreateContainerConfigError", Pod(main: Waiting("task", "CreateContainerConfigError")), JobDiagnosis.ContainerCreate, true);
        yield return Case("ContainerCreating", Pod(main: Waiting("task", "ContainerCreating")), null, false);
        yield return Case("non-zero exit", Pod(init: new V1ContainerStatus { Name = "copy-sidecar-0", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 127, Reason = "Error" } } }), JobDiagnosis.ContainerExit, true);
        yield return Case("zero exit", Pod(init: new V1ContainerStatus { Name = "copy-sidecar-0", State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed" } } }), null, false);
        yield return Case("unschedulable", new V1Pod { Metadata = new V1ObjectMeta { Name = JobName + "-x1" }, Status = new V1PodStatus { Phase = "Pending", Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/3 nodes are available" }] } }, JobDiagnosis.Unschedulable, false);
        yield return Case("evicted", new V1Pod { Metadata = new V1ObjectMeta { Name = JobName + "-x1" }, Status = new V1PodStatus { Phase = "Failed", Reason = "Evicted" } }, JobDiagnosis.Evicted, true);
        yield return Case("FailedCreate on the Job", Event("Job", JobName, "FailedCreate"), JobDiagnosis.FailedCreate, false);
        yield return Case("FailedCreate on another Job", Event("Job", "other", "FailedCreate"), null, false);
        yield return Case("FailedMount on the pod", Event("Pod", JobName + "-x1", "FailedMount"), JobDiagnosis.FailedMount, false);
        yield return Case("FailedScheduling on the pod", Event("Pod", JobName + "-x1", "FailedScheduling"), JobDiagnosis.Unschedulable, false);
        yield return Case("FailedMount on another pod", Event("Pod", "other-x1", "FailedMount"), null, false);
    }

    [TestCaseSource(nameof(Observations))]
    public void AnObservationIsDiagnosedByName(object observed, string? reason, bool final)
    {
        var diagnosis = JobObservation.Of(observed, JobName);

        Assert.That(diagnosis?.Reason, Is.EqualTo(reason));
        Assert.That(diagnosis?.Final ?? false, Is.EqualTo(final));
    }

    [Test]
    public void TheSchedulersMessageIsKeptVerbatim()
    {
        var diagnosis = JobObservation.Of(Event("Pod", JobName + "-x1", "FailedScheduling", "0/3 nodes are available: 3 Insufficient cpu."), JobName);

        Assert.That(diagnosis!.Detail, Does.EndWith("0/3 nodes are available: 3 Insufficient cpu."));
    }

    private static TestCaseData Case(string name, object observed, string? reason, bool final) =>
        new TestCaseData(observed, reason, final).SetArgDisplayNames(name);

    private static V1ContainerStatus Waiting(string container, string reason) =>
        new() { Name = container, Image = "busybox:1.36", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = "details" } } };

    private static V1Pod Pod(V1ContainerStatus? init = null, V1ContainerStatus? main = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = JobName + "-x1" },
        Status = new V1PodStatus
        {
            Phase = "Pending",
            InitContainerStatuses = init is null ? null : [init],
            ContainerStatuses = main is null ? null : [main],
        },
    };

    private static Corev1Event Event(string kind, string name, string reason, string message = "details") => new()
    {
        InvolvedObject = new V1ObjectReference { Kind = kind, Name = name },
        Reason = reason,
        Message = message,
    };
}
