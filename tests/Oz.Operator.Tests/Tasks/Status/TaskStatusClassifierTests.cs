using Oz.Operator.Tasks.Status;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Status;

public sealed class TaskStatusClassifierTests
{
    private static readonly OperatorOptions Options = new() { MaxConcurrentTasks = 2, UnschedulableTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>One observed situation and the status it must give.</summary>
    public sealed record Case(
        string Name,
        Func<TaskObservation> Observe,
        AgentTaskPhase Phase,
        FailureReason? Reason = null,
        int? ExitCode = null,
        string? MessageContains = null,
        bool StopJob = false,
        string? FailedContainer = null)
    {
        public override string ToString() => Name;
    }

    private static TaskObservation See(V1Job job, V1Pod? pod = null) =>
        new(Task(), T0.AddMinutes(1)) { Job = job, Pod = pod };

    private static V1Pod NativeSidecar(V1Pod pod, string name)
    {
        pod.Spec.InitContainers = [new V1Container { Name = name, Image = "envoy", RestartPolicy = "Always" }];
        return pod;
    }

    private static V1ContainerState TerminatedWithMessage(int exitCode, string message)
    {
        var state = Terminated(exitCode, "Error");
        state.Terminated.Message = message;
        return state;
    }

    private const string RefusedByPodSecurity = "Error creating: pods \"t1-job-abcde\" is forbidden: violates PodSecurity \"restricted:latest\": " +
        "runAsNonRoot != true (pod or container \"copy-sidecar-0\" must not set securityContext.runAsNonRoot=false)";

    public static IEnumerable<Case> Cases()
    {
        var now = T0.AddMinutes(1);
        // ---- before a Job exists
        yield return new("no Job and a free slot: Pending", () => new TaskObservation(Task(), now), AgentTaskPhase.Pending);
        yield return new("no Job and no free slot: Queued", () => new TaskObservation(Task(), now) { Queued = true }, AgentTaskPhase.Queued, MessageContains: "2 tasks");
        yield return new("invalid spec: Failed with the problem", () => new TaskObservation(Task(), now) { SpecProblem = new TaskSpecProblem(FailureReason.InvalidImage, "image is empty") },
            AgentTaskPhase.Failed, FailureReason.InvalidImage, MessageContains: "image is empty");

        // ---- Job created, pod on its way
        yield return new("Job without pod yet: Starting", () => See(Job()), AgentTaskPhase.Starting, MessageContains: "waiting for its pod");
        yield return new("Job cannot create its pod, briefly: Starting with the event", () => See(Job()) with { Events = [Event("FailedCreate", "Job", "t1-job", "pods \"t1-job-abcde\" is forbidden: exceeded quota: q")] },
            AgentTaskPhase.Starting, MessageContains: "exceeded quota");
        yield return new("Pod Security refuses the Job's pod: PodSecurity at once, Job stopped", () => See(Job()) with { Events = [Event("FailedCreate", "Job", "t1-job", RefusedByPodSecurity)] },
            AgentTaskPhase.Failed, FailureReason.PodSecurity, MessageContains: "runAsNonRoot != true", StopJob: true);
        yield return new("Pod Security refusal names the level and where it is set", () => See(Job()) with { Events = [Event("FailedCreate", "Job", "t1-job", RefusedByPodSecurity)] },
            AgentTaskPhase.Failed, FailureReason.PodSecurity, MessageContains: "pod-security.kubernetes.io/enforce", StopJob: true);
        yield return new("Job cannot create its pod past the timeout: ContainerCreate", () => new TaskObservation(Task(), T0.AddMinutes(3)) { Job = Job(), Events = [Event("FailedCreate", "Job", "t1-job", "pods forbidden")] },
            AgentTaskPhase.Failed, FailureReason.ContainerCreate, MessageContains: "pods forbidden", StopJob: true);
        yield return new("pod not scheduled yet: Starting", () => See(Job(), Pod(node: null)), AgentTaskPhase.Starting, MessageContains: "waiting to be scheduled");
        yield return new("pod initializing: Starting", () => See(Job(), Pod().WithInit("copy-sidecar-0", Running()).WithTask(Waiting("PodInitializing"))),
            AgentTaskPhase.Starting, MessageContains: "copy-sidecar-0");
        yield return new("task container being created: Starting", () => See(Job(), Pod().WithTask(Waiting("ContainerCreating"))), AgentTaskPhase.Starting, MessageContains: "node-1");
        yield return new("unschedulable within the timeout: Starting", () => new TaskObservation(Task(), T0.AddSeconds(10)) { Job = Job(), Pod = Unschedulable(T0) },
            AgentTaskPhase.Starting, MessageContains: "Insufficient cpu");
        yield return new("unschedulable past the timeout: Unschedulable, Job stopped", () => new TaskObservation(Task(), T0.AddSeconds(31)) { Job = Job(), Pod = Unschedulable(T0) },
            AgentTaskPhase.Failed, FailureReason.Unschedulable, MessageContains: "Insufficient cpu", StopJob: true);
        yield return new("FailedMount within the timeout: Starting", () => new TaskObservation(Task(), T0.AddSeconds(30)) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")), Events = [Event("FailedMount", "Pod", "t1-job-abcde", "secret \"oz-env\" not found")] },
            AgentTaskPhase.Starting, MessageContains: "oz-env");
        yield return new("FailedMount past the timeout: VolumeMount", () => new TaskObservation(Task(), T0.AddMinutes(3)) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")), Events = [Event("FailedMount", "Pod", "t1-job-abcde", "secret \"oz-env\" not found")] },
            AgentTaskPhase.Failed, FailureReason.VolumeMount, MessageContains: "oz-env", StopJob: true);
        yield return new("FailedMount of another pod is ignored", () => new TaskObservation(Task(), T0.AddMinutes(3)) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")), Events = [Event("FailedMount", "Pod", "other-pod", "nope")] },
            AgentTaskPhase.Starting);

        // ---- fast failures of a Pending pod
        yield return new("ErrImagePull fails at once", () => See(Job(), Pod().WithTask(Waiting("ErrImagePull", "manifest unknown"))),
            AgentTaskPhase.Failed, FailureReason.ImagePull, MessageContains: "manifest unknown", StopJob: true);
        yield return new("ImagePullBackOff fails at once", () => See(Job(), Pod().WithTask(Waiting("ImagePullBackOff", "Back-off pulling image"))),
            AgentTaskPhase.Failed, FailureReason.ImagePull, StopJob: true);
        yield return new("sidecar image pull failure in an init container: ImagePull", () => See(Job(), Pod().WithInit("copy-sidecar-0", Waiting("ErrImagePull")).WithTask(Waiting("PodInitializing"))),
            AgentTaskPhase.Failed, FailureReason.ImagePull, MessageContains: "copy-sidecar-0", StopJob: true);
        yield return new("InvalidImageName: InvalidImage", () => See(Job(), Pod().WithTask(Waiting("InvalidImageName", "couldn't parse image name"))),
            AgentTaskPhase.Failed, FailureReason.InvalidImage, StopJob: true);
        yield return new("CreateContainerConfigError (missing secret): ContainerCreate", () => See(Job(), Pod().WithTask(Waiting("CreateContainerConfigError", "secret \"oz-env\" not found"))),
            AgentTaskPhase.Failed, FailureReason.ContainerCreate, MessageContains: "oz-env", StopJob: true);
        yield return new("CreateContainerError: ContainerCreate", () => See(Job(), Pod().WithTask(Waiting("CreateContainerError"))),
            AgentTaskPhase.Failed, FailureReason.ContainerCreate, StopJob: true);

        // ---- running
        yield return new("task container running: Running", () => See(Job(), Pod("Running").WithInit("copy-sidecar-0", Terminated(0)).WithTask(Running())), AgentTaskPhase.Running);

        // ---- endings
        yield return new("Job complete: Succeeded with exit code 0", () => See(Job(conditions: JobCondition("Complete"))), AgentTaskPhase.Succeeded, ExitCode: 0);
        yield return new("task container exited 0: Succeeded", () => See(Job(), Pod("Succeeded").WithTask(Terminated(0, "Completed"))), AgentTaskPhase.Succeeded, ExitCode: 0);
        yield return new("task container exited non-zero: ContainerExit with the code", () => See(Job(), Pod("Failed").WithTask(Terminated(3, "Error"))),
            AgentTaskPhase.Failed, FailureReason.ContainerExit, 3, "code 3", FailedContainer: "task");
        yield return new("task container killed by a signal: exit code 128+N", () => See(Job(), Pod("Failed").WithTask(Terminated(143, "Error"))),
            AgentTaskPhase.Failed, FailureReason.ContainerExit, 143, "signal 15", FailedContainer: "task");
        yield return new("signal reported without an exit code: 128+signal", () => See(Job(), Pod("Failed").WithTask(Terminated(0, "Error", signal: 9))),
            AgentTaskPhase.Failed, FailureReason.ContainerExit, 137, "signal 9", FailedContainer: "task");
        yield return new("OOMKilled: ContainerOOM", () => See(Job(), Pod("Failed").WithTask(Terminated(137, "OOMKilled"))),
            AgentTaskPhase.Failed, FailureReason.ContainerOOM, 137, "memory", FailedContainer: "task");
        yield return new("OOM wins over the Job's BackoffLimitExceeded", () => See(Job(conditions: JobCondition("Failed", "BackoffLimitExceeded")), Pod("Failed").WithTask(Terminated(137, "OOMKilled"))),
            AgentTaskPhase.Failed, FailureReason.ContainerOOM, 137, FailedContainer: "task");
        yield return new("copy-sidecar init container failed: SidecarPrep", () => See(Job(), Pod("Failed").WithInit("copy-sidecar-1", Terminated(1, "Error")).WithTask(Waiting("PodInitializing"))),
            AgentTaskPhase.Failed, FailureReason.SidecarPrep, 1, "copy-sidecar-1", FailedContainer: "copy-sidecar-1");
        yield return new("another init container failed: InitContainer", () => See(Job(), Pod("Failed").WithInit("fetch-certs", Terminated(1, "Error")).WithTask(Waiting("PodInitializing"))),
            AgentTaskPhase.Failed, FailureReason.InitContainer, 1, "fetch-certs", FailedContainer: "fetch-certs");
        yield return new("a native sidecar stopped with a signal after the task succeeded: Succeeded", () => See(Job(), NativeSidecar(Pod("Succeeded"), "mesh-proxy").WithInit("mesh-proxy", Terminated(137, "Error")).WithTask(Terminated(0, "Completed"))),
            AgentTaskPhase.Succeeded, ExitCode: 0);
        yield return new("an init container of the same name that is not a native sidecar still fails the task", () => See(Job(), Pod("Failed").WithInit("mesh-proxy", Terminated(137, "Error")).WithTask(Terminated(0, "Completed"))),
            AgentTaskPhase.Failed, FailureReason.InitContainer, 137, FailedContainer: "mesh-proxy");
        yield return new("teardown failed after the agent succeeded: TeardownCommand", () => See(Job(), Pod("Failed").WithTask(TerminatedWithMessage(9, "oz-task: teardown command failed with exit code 9\n"))),
            AgentTaskPhase.Failed, FailureReason.TeardownCommand, 9, "teardown", FailedContainer: "task");
        yield return new("an agent failure with another termination message stays ContainerExit", () => See(Job(), Pod("Failed").WithTask(TerminatedWithMessage(3, "agent: out of turns"))),
            AgentTaskPhase.Failed, FailureReason.ContainerExit, 3, FailedContainer: "task");
        yield return new("setup init container failed: SetupCommand", () => See(Job(), Pod("Failed").WithInit("copy-sidecar-0", Terminated(0)).WithInit("setup", Terminated(2, "Error")).WithTask(Waiting("PodInitializing"))),
            AgentTaskPhase.Failed, FailureReason.SetupCommand, 2, "setup command", FailedContainer: "setup");
        yield return new("evicted pod: Evicted", () => See(Job(), Evicted()), AgentTaskPhase.Failed, FailureReason.Evicted, MessageContains: "ephemeral-storage");
        yield return new("Job deadline exceeded: DeadlineExceeded", () => See(Job(conditions: JobCondition("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"))),
            AgentTaskPhase.Failed, FailureReason.DeadlineExceeded, MessageContains: "3600s");
        yield return new("deadline exceeded while the pod still runs: DeadlineExceeded", () => See(Job(conditions: JobCondition("FailureTarget", "DeadlineExceeded")), Pod("Running").WithTask(Running())),
            AgentTaskPhase.Failed, FailureReason.DeadlineExceeded);
        yield return new("Job failed by backoff before the pod's final state arrived: not terminal yet (the pod will say why)", () => See(Job(conditions: JobCondition("Failed", "BackoffLimitExceeded")), Pod("Running").WithTask(Running())),
            AgentTaskPhase.Running);
        yield return new("Job failed and its pod is gone: ContainerExit with the Job's reason", () => See(Job(conditions: JobCondition("Failed", "BackoffLimitExceeded", "Job has reached the specified backoff limit"))),
            AgentTaskPhase.Failed, FailureReason.ContainerExit, MessageContains: "BackoffLimitExceeded");
        yield return new("Job vanished under a running task: JobDeleted", () => new TaskObservation(Task(), now) { JobVanished = true },
            AgentTaskPhase.Failed, FailureReason.JobDeleted, MessageContains: "deleted");

        // ---- cancellation
        yield return new("cancel requested and the Job is gone: Cancelled", () => new TaskObservation(WithCancel(Task()), now), AgentTaskPhase.Cancelled, FailureReason.Cancelled, MessageContains: "spec.cancel");
        yield return new("AgentTask deleted and the Job is gone: Cancelled", () => new TaskObservation(Deleted(Task()), now), AgentTaskPhase.Cancelled, FailureReason.Cancelled, MessageContains: "deleted");
        yield return new("cancel requested and the Job vanished: Cancelled, not JobDeleted", () => new TaskObservation(WithCancel(Task()), now) { JobVanished = true }, AgentTaskPhase.Cancelled, FailureReason.Cancelled);
        yield return new("cancel requested while the Job still runs: still Running", () => new TaskObservation(WithCancel(Task()), now) { Job = Job(), Pod = Pod("Running").WithTask(Running()) }, AgentTaskPhase.Running);
    }

    [Test]
    public void ATerminalStatusCarriesItsDurationAndWholeSecondTimes()
    {
        var finished = TaskStatusClassifier.Classify(See(Job(), Pod("Succeeded").WithTask(Terminated(0, "Completed"))), Options).Status;
        var running = TaskStatusClassifier.Classify(See(Job(), Pod("Running").WithTask(Running())), Options).Status;

        Assert.Multiple(() =>
        {
            Assert.That(finished.Duration, Is.EqualTo(TaskDuration.Format(finished.StartTime!.Value, finished.CompletionTime!.Value)));
            Assert.That(finished.Duration, Is.EqualTo(TaskDuration.Format(TimeSpan.FromSeconds(55))));
            Assert.That(finished.CompletionTime, Is.EqualTo(ApiTime.Truncate(finished.CompletionTime!.Value)));
            Assert.That(running.Duration, Is.Null);
        });
    }

    [TestCaseSource(nameof(Cases))]
    public void ClassifiesEverySituation(Case c)
    {
        var result = TaskStatusClassifier.Classify(c.Observe(), Options);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status.Phase, Is.EqualTo(c.Phase), result.Status.Message);
            Assert.That(result.Status.Reason, Is.EqualTo(c.Reason), result.Status.Message);
            Assert.That(result.Status.ExitCode, Is.EqualTo(c.ExitCode));
            Assert.That(result.StopJob, Is.EqualTo(c.StopJob));
            Assert.That(result.FailedContainer, Is.EqualTo(c.FailedContainer));
            if (c.MessageContains is not null)
            {
                Assert.That(result.Status.Message, Does.Contain(c.MessageContains));
            }
        });
    }

    [Test]
    public void UnschedulableWithinTheTimeoutAsksToBeCheckedAgainWhenItRunsOut()
    {
        var result = TaskStatusClassifier.Classify(new TaskObservation(Task(), T0.AddSeconds(10)) { Job = Job(), Pod = Unschedulable(T0) }, Options);

        Assert.That(result.RecheckAfter, Is.EqualTo(TimeSpan.FromSeconds(20)));
    }

    [Test]
    public void FailedMountWithinTheTimeoutAsksToBeCheckedAgainWhenItRunsOut()
    {
        var observation = new TaskObservation(Task(), T0.AddSeconds(31)) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")), Events = [Event("FailedMount", "Pod", "t1-job-abcde", "x")] };

        var result = TaskStatusClassifier.Classify(observation, Options);

        Assert.That(result.RecheckAfter, Is.EqualTo(OperatorOptions.DefaultVolumeMountTimeout - TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void FailedMountLongerThanTheConfiguredVolumeMountTimeoutFailsTheTask()
    {
        var observation = new TaskObservation(Task(), T0.AddSeconds(11)) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")), Events = [Event("FailedMount", "Pod", "t1-job-abcde", "x")] };

        var result = TaskStatusClassifier.Classify(observation, Options with { VolumeMountTimeout = TimeSpan.FromSeconds(10) });

        Assert.That((result.Status.Phase, result.Status.Reason), Is.EqualTo((AgentTaskPhase.Failed, FailureReason.VolumeMount)));
    }

    [Test]
    public void ZeroVolumeMountTimeoutNeverFailsTheTaskOnMountFailures()
    {
        var observation = new TaskObservation(Task(), T0.AddHours(3)) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")), Events = [Event("FailedMount", "Pod", "t1-job-abcde", "x")] };

        var result = TaskStatusClassifier.Classify(observation, Options with { VolumeMountTimeout = TimeSpan.Zero });

        Assert.That((result.Status.Phase, result.RecheckAfter), Is.EqualTo((AgentTaskPhase.Starting, (TimeSpan?)null)));
    }

    [Test]
    public void AJobWithoutPodIsLookedAtAgainAfterThePodCreationTimeout()
    {
        var result = TaskStatusClassifier.Classify(See(Job()), Options);

        Assert.That(result.RecheckAfter, Is.EqualTo(TaskStatusClassifier.PodCreationTimeout));
    }

    [Test]
    public void APodBeingCreatedIsLookedAtAgainAfterTheVolumeMountTimeout()
    {
        var result = TaskStatusClassifier.Classify(See(Job(), Pod().WithTask(Waiting("ContainerCreating"))), Options);

        Assert.That(result.RecheckAfter, Is.EqualTo(OperatorOptions.DefaultVolumeMountTimeout));
    }

    [Test]
    public void ARunningTaskNeedsNoTimer()
    {
        var result = TaskStatusClassifier.Classify(See(Job(), Pod("Running").WithTask(Running())), Options);

        Assert.That(result.RecheckAfter, Is.Null);
    }

    [Test]
    public void ATerminalStatusNeverChanges()
    {
        var task = Task();
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Failed, Reason = FailureReason.ImagePull, Message = "pull failed" };

        var result = TaskStatusClassifier.Classify(new TaskObservation(task, T0) { JobVanished = true }, Options);

        Assert.That(result.Status, Is.SameAs(task.Status));
    }

    [Test]
    public void RunningRecordsPodNodeAndStartTimeOfTheTaskContainer()
    {
        var status = TaskStatusClassifier.Classify(See(Job(), Pod("Running").WithTask(Running())), Options).Status;

        Assert.Multiple(() =>
        {
            Assert.That(status.JobName, Is.EqualTo("t1-job"));
            Assert.That(status.PodName, Is.EqualTo("t1-job-abcde"));
            Assert.That(status.NodeName, Is.EqualTo("node-1"));
            Assert.That(status.StartTime, Is.EqualTo(T0.AddSeconds(5)));
            Assert.That(status.CompletionTime, Is.Null);
            Assert.That(status.ObservedGeneration, Is.EqualTo(1));
        });
    }

    [Test]
    public void ACompletedTaskRecordsWhenItsContainerFinished()
    {
        var status = TaskStatusClassifier.Classify(See(Job(), Pod("Failed").WithTask(Terminated(1))), Options).Status;

        Assert.That(status.CompletionTime, Is.EqualTo(T0.AddSeconds(60)));
    }

    [Test]
    public void ConditionsFollowTheTaskLife()
    {
        var status = TaskStatusClassifier.Classify(See(Job(), Pod("Running").WithTask(Running())), Options).Status;

        var conditions = status.Conditions!.ToDictionary(c => c.Type, c => c.Status);
        Assert.That(conditions, Is.EqualTo(new Dictionary<string, string>
        {
            [ConditionTypes.Accepted] = "True",
            [ConditionTypes.JobCreated] = "True",
            [ConditionTypes.PodScheduled] = "True",
            [ConditionTypes.Running] = "True",
            [ConditionTypes.Completed] = "False",
            [ConditionTypes.Ready] = "False",
            [ConditionTypes.Reconciling] = "True",
            [ConditionTypes.Stalled] = "False",
        }));
    }

    [Test]
    public void AnUnchangedConditionKeepsItsLastTransitionTime()
    {
        var task = Task();
        task.Status = TaskStatusClassifier.Classify(new TaskObservation(task, T0) { Job = Job(), Pod = Pod("Running").WithTask(Running()) }, Options).Status;

        var later = TaskStatusClassifier.Classify(new TaskObservation(task, T0.AddMinutes(5)) { Job = Job(), Pod = Pod("Running").WithTask(Running()) }, Options).Status;

        Assert.That(later.Conditions!.Select(c => c.LastTransitionTime), Is.All.EqualTo(T0));
    }

    [Test]
    public void AConditionThatFlipsGetsANewLastTransitionTime()
    {
        var task = Task();
        task.Status = TaskStatusClassifier.Classify(new TaskObservation(task, T0) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")) }, Options).Status;

        var running = TaskStatusClassifier.Classify(new TaskObservation(task, T0.AddMinutes(5)) { Job = Job(), Pod = Pod("Running").WithTask(Running()) }, Options).Status;

        var byType = running.Conditions!.ToDictionary(c => c.Type, c => c.LastTransitionTime);
        Assert.Multiple(() =>
        {
            Assert.That(byType[ConditionTypes.Running], Is.EqualTo(T0.AddMinutes(5)));
            Assert.That(byType[ConditionTypes.JobCreated], Is.EqualTo(T0));
        });
    }

    [Test]
    public void TheSameObservationTwiceGivesAnEqualStatus()
    {
        var task = Task();
        task.Status = TaskStatusClassifier.Classify(new TaskObservation(task, T0) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")) }, Options).Status;

        var again = TaskStatusClassifier.Classify(new TaskObservation(task, T0.AddSeconds(7)) { Job = Job(), Pod = Pod().WithTask(Waiting("ContainerCreating")) }, Options).Status;

        Assert.That(TaskStatusEquality.SameOwnedFields(task.Status, again), Is.True);
    }

    [Test]
    public void TheMessageOfAHugeFailureIsBounded()
    {
        var pod = Pod().WithTask(Waiting("ErrImagePull", new string('x', 100_000)));

        var status = TaskStatusClassifier.Classify(See(Job(), pod), Options).Status;

        Assert.That(System.Text.Encoding.UTF8.GetByteCount(status.Message!), Is.LessThanOrEqualTo(StatusText.MaxMessageBytes));
    }

    [Test]
    public void ReportedToOzIsCarriedOverUntouched()
    {
        var task = Task();
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Running, ReportedToOz = true };

        var status = TaskStatusClassifier.Classify(new TaskObservation(task, T0) { Job = Job(), Pod = Pod("Failed").WithTask(Terminated(1)) }, Options).Status;

        Assert.That(status.ReportedToOz, Is.True);
    }

    private static AgentTask WithCancel(AgentTask task)
    {
        task.Spec.Cancel = true;
        return task;
    }

    private static AgentTask Deleted(AgentTask task)
    {
        task.Metadata.DeletionTimestamp = T0;
        return task;
    }

    private static V1Pod Evicted()
    {
        var pod = Pod("Failed").WithTask(Terminated(137, "ContainerStatusUnknown"));
        pod.Status.Reason = "Evicted";
        pod.Status.Message = "The node was low on resource: ephemeral-storage.";
        return pod;
    }
}
