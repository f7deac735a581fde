namespace Oz.KubeSim.Tests.Simulator;

/// <summary>
/// kubectl explain reads the OpenAPI v3 documents: the index under /openapi/v3 and the
/// group-version document whose components.schemas carry the CRD's openAPIV3Schema.
/// </summary>
public sealed class KubectlExplainTests : KubectlOnAgentTaskCrdTestBase
{
    [Test]
    public async Task KubectlExplainAgentTaskPrintsTheKindDescriptionAndItsFields()
    {
        var explain = await Kubectl.RunAsync("explain", "agenttask");

        Assert.Multiple(() =>
        {
            Assert.That(explain.Code, Is.Zero, explain.Stderr);
            Assert.That(explain.Stdout, Does.Contain("KIND:       AgentTask"));
            Assert.That(explain.Stdout, Does.Contain("VERSION:    v1alpha1"));
            Assert.That(explain.Stdout, Does.Contain("AgentTask is one Oz agent task"));
            Assert.That(explain.Stdout, Does.Contain("spec\t<Object>"));
            Assert.That(explain.Stdout, Does.Contain("metadata\t<ObjectMeta>"));
        });
    }

    [Test]
    public async Task KubectlExplainAgentTaskSpecPrintsTheFieldDescriptionsFromTheCrd()
    {
        var explain = await Kubectl.RunAsync("explain", "agenttask.spec");

        Assert.Multiple(() =>
        {
            Assert.That(explain.Code, Is.Zero, explain.Stderr);
            Assert.That(explain.Stdout, Does.Contain("FIELD: spec <Object>"));
            Assert.That(explain.Stdout, Does.Contain("activeDeadlineSeconds\t<integer>"));
            Assert.That(explain.Stdout, Does.Contain("Wall-clock limit of the task's Job in seconds"));
            Assert.That(explain.Stdout, Does.Contain("args\t<[]string>"));
        });
    }

    [Test]
    public async Task KubectlExplainOfAnUnknownFieldNamesIt()
    {
        var explain = await Kubectl.RunAsync("explain", "agenttask.spec.nosuchfield");

        Assert.Multiple(() =>
        {
            Assert.That(explain.Code, Is.Not.Zero);
            Assert.That(explain.Stderr, Does.Contain("field \"nosuchfield\" does not exist"));
        });
    }
}
