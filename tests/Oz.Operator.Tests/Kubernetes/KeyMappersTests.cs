using Oz.Operator.Kubernetes.Controllers;

namespace Oz.Operator.Tests.Kubernetes;

public sealed class KeyMappersTests
{
    [Test]
    public void SelfMapsAnObjectToItsOwnKey() =>
        Assert.That(KeyMappers.Self(TestObjects.Pod("p", ns: "n")), Is.EqualTo(new[] { new ObjectKey("n", "p") }));

    [Test]
    public void ControllerOwnerMapsToTheControllingOwnerInTheSameNamespace()
    {
        var pod = TestObjects.OwnedPod("p", "Job", "job-1", ns: "n");

        Assert.That(KeyMappers.ControllerOwner<V1Pod>("Job")(pod), Is.EqualTo(new[] { new ObjectKey("n", "job-1") }));
    }

    [TestCase("Job", false, TestName = "AnOwnerThatIsNotTheControllerIsIgnored")]
    [TestCase("ReplicaSet", true, TestName = "AControllerOfAnotherKindIsIgnored")]
    public void ControllerOwnerIgnoresOtherReferences(string kind, bool controller)
    {
        var pod = TestObjects.OwnedPod("p", kind, "x", controller);

        Assert.That(KeyMappers.ControllerOwner<V1Pod>("Job")(pod), Is.Empty);
    }

    [Test]
    public void ControllerOwnerCanRequireTheApiVersion()
    {
        var pod = TestObjects.OwnedPod("p", "Job", "job-1");

        Assert.That(KeyMappers.ControllerOwner<V1Pod>("Job", "batch/v2")(pod), Is.Empty);
        Assert.That(KeyMappers.ControllerOwner<V1Pod>("Job", "batch/v1")(pod), Has.Exactly(1).Items);
    }

    [Test]
    public void LabelMapsToTheNamedOwner()
    {
        var pod = TestObjects.Pod("p", labels: new Dictionary<string, string> { ["owner"] = "task-1" }, ns: "n");

        Assert.That(KeyMappers.Label<V1Pod>("owner")(pod), Is.EqualTo(new[] { new ObjectKey("n", "task-1") }));
        Assert.That(KeyMappers.Label<V1Pod>("missing")(pod), Is.Empty);
    }
}
