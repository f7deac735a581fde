using Oz.Crds.Generation;

namespace Oz.Operator.Tests.Crds;

public sealed class CrdDefinitionTests
{
    private static readonly V1CustomResourceDefinition Crd = CrdGenerator.Generate();

    [Test]
    public void CrdIsNamedAgentTasksInTheOzGroupAndNamespaced()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Crd.ApiVersion, Is.EqualTo("apiextensions.k8s.io/v1"));
            Assert.That(Crd.Kind, Is.EqualTo("CustomResourceDefinition"));
            Assert.That(Crd.Metadata.Name, Is.EqualTo("agenttasks.oz.warp.dev"));
            Assert.That(Crd.Spec.Group, Is.EqualTo("oz.warp.dev"));
            Assert.That(Crd.Spec.Scope, Is.EqualTo("Namespaced"));
            Assert.That(Crd.Spec.Names.Kind, Is.EqualTo("AgentTask"));
            Assert.That(Crd.Spec.Names.ListKind, Is.EqualTo("AgentTaskList"));
            Assert.That(Crd.Spec.Names.Plural, Is.EqualTo("agenttasks"));
            Assert.That(Crd.Spec.Names.Singular, Is.EqualTo("agenttask"));
        });
    }

    [Test]
    public void ShortNameIsAtAndCategoryIsOz()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Crd.Spec.Names.ShortNames, Is.EqualTo(new[] { "at" }));
            Assert.That(Crd.Spec.Names.Categories, Is.EqualTo(new[] { "oz" }));
        });
    }

    [Test]
    public void OnlyVersionIsV1Alpha1ServedAndStored()
    {
        var version = Crd.Spec.Versions.Single();
        Assert.Multiple(() =>
        {
            Assert.That(version.Name, Is.EqualTo("v1alpha1"));
            Assert.That(version.Served, Is.True);
            Assert.That(version.Storage, Is.True);
        });
    }

    [Test]
    public void StatusSubresourceIsOn()
    {
        Assert.That(SchemaWalk.Version.Subresources?.Status, Is.Not.Null);
    }

    [Test]
    public void PrinterColumnsAreTitlePhaseReasonJobAgeDurationInThatOrder()
    {
        var columns = SchemaWalk.Version.AdditionalPrinterColumns
            .Select(column => (column.Name, column.JsonPath, column.Type, column.Priority ?? 0));

        Assert.That(columns, Is.EqualTo(new[]
        {
            ("Title", ".spec.title", "string", 0),
            ("Phase", ".status.phase", "string", 0),
            ("Reason", ".status.reason", "string", 0),
            ("Job", ".status.jobName", "string", 0),
            ("Age", ".metadata.creationTimestamp", "date", 0),
            ("Duration", ".status.duration", "string", 0),
        }));
    }

    [Test]
    public void EveryPrinterColumnOutsideMetadataPointsAtASchemaProperty()
    {
        var paths = SchemaWalk.Version.AdditionalPrinterColumns
            .Select(column => column.JsonPath)
            .Where(path => !path.StartsWith(".metadata.", StringComparison.Ordinal));

        Assert.That(paths, Has.All.Matches<string>(path => SchemaWalk.PropertyPaths().Contains(path[1..])));
    }

    [Test]
    public void RootSchemaHasApiVersionKindMetadataSpecAndStatus()
    {
        Assert.That(SchemaWalk.Root.Properties.Keys, Is.EquivalentTo(new[] { "apiVersion", "kind", "metadata", "spec", "status" }));
    }
}
