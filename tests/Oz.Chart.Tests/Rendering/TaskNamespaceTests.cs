namespace Oz.Chart.Tests.Rendering;

/// <summary>taskNamespace.create: the task namespace rendered with its Pod Security labels.</summary>
[TestFixture(3)]
[TestFixture(4)]
public sealed class TaskNamespaceTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private const string Prefix = "pod-security.kubernetes.io/";

    [Test]
    public void NoNamespaceIsRenderedByDefault()
    {
        Assert.That(RenderRich().Kinds, Has.None.EqualTo("Namespace"));
    }

    [Test]
    public void TheDefaultLevelsEnforceBaselineAndWarnAndAuditRestricted()
    {
        var ns = RenderWith("--set", "worker.namespace=oz-tasks", "--set", "taskNamespace.create=true").Single<V1Namespace>("oz-tasks");

        Assert.That(ns.Metadata.Labels.Where(l => l.Key.StartsWith(Prefix, StringComparison.Ordinal)), Is.EquivalentTo(new Dictionary<string, string>
        {
            [Prefix + "enforce"] = "baseline",
            [Prefix + "enforce-version"] = "latest",
            [Prefix + "warn"] = "restricted",
            [Prefix + "warn-version"] = "latest",
            [Prefix + "audit"] = "restricted",
            [Prefix + "audit-version"] = "latest",
        }));
    }

    [Test]
    public void TheLevelsVersionsAndLabelsComeFromValuesAndAnEmptyLevelLeavesItsLabelsOut()
    {
        var ns = Render(["task-namespace"]).Single<V1Namespace>("oz-tasks");

        Assert.Multiple(() =>
        {
            Assert.That(ns.Metadata.Labels[Prefix + "enforce"], Is.EqualTo("restricted"));
            Assert.That(ns.Metadata.Labels[Prefix + "enforce-version"], Is.EqualTo("v1.31"));
            Assert.That(ns.Metadata.Labels.Keys, Has.None.StartsWith(Prefix + "audit"));
            Assert.That(ns.Metadata.Labels["team"], Is.EqualTo("agents"));
        });
    }

    [Test]
    public void TheNamespaceIsKeptOnUninstallUnlessKeepIsOff()
    {
        var kept = RenderWith("--set", "worker.namespace=oz-tasks", "--set", "taskNamespace.create=true").Single<V1Namespace>("oz-tasks");
        var dropped = RenderWith("--set", "worker.namespace=oz-tasks", "--set", "taskNamespace.create=true", "--set", "taskNamespace.keep=false").Single<V1Namespace>("oz-tasks");

        Assert.Multiple(() =>
        {
            Assert.That(kept.Metadata.Annotations["helm.sh/resource-policy"], Is.EqualTo("keep"));
            Assert.That(dropped.Metadata.Annotations, Is.Null.Or.Not.ContainKey("helm.sh/resource-policy"));
        });
    }

    [Test]
    public void CreatingTheReleaseNamespaceIsRefused()
    {
        var result = TemplateRaw("--set-string", "image.tag=0.1.0", "--set-string", "worker.workerId=w", "--set", "taskNamespace.create=true");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Not.Zero);
            Assert.That(result.StandardError, Does.Contain("taskNamespace.create needs worker.namespace set to a namespace other than the release's"));
        });
    }

    [Test]
    public void TheTaskRoleLandsInTheCreatedNamespace()
    {
        var chart = Render(["task-namespace"]);

        Assert.That(chart.Single<V1Role>("oz-oz-operator").Metadata.NamespaceProperty, Is.EqualTo(chart.Single<V1Namespace>("oz-tasks").Metadata.Name));
    }
}
