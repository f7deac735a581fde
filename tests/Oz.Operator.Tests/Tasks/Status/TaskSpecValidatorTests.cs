using Oz.Operator.Tasks.Status;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Status;

public sealed class TaskSpecValidatorTests
{
    public static IEnumerable<TestCaseData> Invalid()
    {
        yield return Case("an image with whitespace", s => s.Image = "ubuntu 22.04", FailureReason.InvalidImage, "whitespace");
        yield return Case("a sidecar without image", s => s.Sidecars = [new AgentTaskSidecar { Image = "", MountPath = "/agent" }], FailureReason.InvalidImage, "sidecars[0].image");
        yield return Case("a sidecar at /workspace", s => s.Sidecars = [new AgentTaskSidecar { Image = "a", MountPath = "/workspace/" }], FailureReason.ContainerCreate, "/workspace");
        yield return Case("a sidecar inside /workspace", s => s.Sidecars = [new AgentTaskSidecar { Image = "a", MountPath = "/workspace/tools" }], FailureReason.ContainerCreate, "/workspace");
        yield return Case("a sidecar at a relative path", s => s.Sidecars = [new AgentTaskSidecar { Image = "a", MountPath = "agent" }], FailureReason.ContainerCreate, "absolute");
        yield return Case("two sidecars at one path", s => s.Sidecars = [new AgentTaskSidecar { Image = "a", MountPath = "/agent" }, new AgentTaskSidecar { Image = "b", MountPath = "/agent/" }], FailureReason.ContainerCreate, "another sidecar");
        yield return Case("a non-positive deadline", s => s.ActiveDeadlineSeconds = 0, FailureReason.ContainerCreate, "activeDeadlineSeconds");
        yield return Case("an env entry without name", s => s.Env = [new V1EnvVar { Name = "" }], FailureReason.ContainerCreate, "env");
    }

    [TestCaseSource(nameof(Invalid))]
    public void RejectsSpecsThatCannotRun(Action<AgentTaskSpec> spoil, FailureReason reason, string mentions)
    {
        var task = Task();
        spoil(task.Spec);

        var problem = TaskSpecValidator.Validate(task, new OperatorOptions());

        Assert.That(problem, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(problem!.Reason, Is.EqualTo(reason));
            Assert.That(problem.Message, Does.Contain(mentions));
        });
    }

    [Test]
    public void AnEmptyImageFallsBackToTheDefaults()
    {
        var task = Task();
        task.Spec.Image = "";

        Assert.That(TaskSpecValidator.Validate(task, new OperatorOptions { DefaultImage = "" }), Is.Null);
    }

    [Test]
    public void ATypicalOzTaskIsValid()
    {
        var task = Task();
        task.Spec.Sidecars = [new AgentTaskSidecar { Image = "warpdotdev/agent:1", MountPath = "/agent" }];
        task.Spec.Env = [new V1EnvVar { Name = "A", Value = "1" }];

        Assert.That(TaskSpecValidator.Validate(task, new OperatorOptions()), Is.Null);
    }

    private static TestCaseData Case(string name, Action<AgentTaskSpec> spoil, FailureReason reason, string mentions) =>
        new TestCaseData(spoil, reason, mentions).SetName("Rejects " + name);
}
