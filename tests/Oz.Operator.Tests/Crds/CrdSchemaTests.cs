using Oz.Crds.Generation;

namespace Oz.Operator.Tests.Crds;

public sealed class CrdSchemaTests
{
    /// <summary>The pattern controller-gen writes for every resource.Quantity.</summary>
    private const string UpstreamQuantityPattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private static IEnumerable<string> PropertyPaths() => SchemaWalk.PropertyPaths();

    [TestCaseSource(nameof(PropertyPaths))]
    public void EveryPropertyOfSpecAndStatusHasADescription(string path)
    {
        Assert.That(SchemaWalk.At(path).Description, Is.Not.Null.And.Not.Empty.And.Not.Contains("  "));
    }

    [Test]
    public void DescriptionsReachIntoKubernetesTypesFromTheClientDocs()
    {
        Assert.That(SchemaWalk.At("spec.env[].valueFrom.secretKeyRef.key").Description,
            Is.EqualTo("The key of the secret to select from. Must be a valid secret key."));
    }

    [Test]
    public void PhaseEnumIsTheAgentTaskPhaseNames()
    {
        Assert.That(SchemaWalk.At("status.phase").EnumProperty, Is.EqualTo(Enum.GetNames<AgentTaskPhase>()));
    }

    [Test]
    public void ReasonEnumIsTheFailureReasonNames()
    {
        Assert.That(SchemaWalk.At("status.reason").EnumProperty, Is.EqualTo(Enum.GetNames<FailureReason>()));
    }

    private static readonly object[] Formats =
    [
        new object[] { "status.startTime", "string", "date-time" },
        new object[] { "status.completionTime", "string", "date-time" },
        new object[] { "status.conditions[].lastTransitionTime", "string", "date-time" },
        new object[] { "status.exitCode", "integer", "int32" },
        new object[] { "status.observedGeneration", "integer", "int64" },
        new object[] { "status.conditions[].observedGeneration", "integer", "int64" },
        new object[] { "spec.activeDeadlineSeconds", "integer", "int64" },
    ];

    [TestCaseSource(nameof(Formats))]
    public void NumbersAndTimesHaveTheirOpenApiFormat(string path, string type, string format)
    {
        var schema = SchemaWalk.At(path);
        Assert.That((schema.Type, schema.Format), Is.EqualTo((type, format)));
    }

    private static readonly object[] RequiredFields =
    [
        new object[] { "spec.sidecars[]", new[] { "image", "mountPath" } },
        new object[] { "spec.env[]", new[] { "name" } },
        new object[] { "spec.env[].valueFrom.secretKeyRef", new[] { "key" } },
        new object[] { "status.conditions[]", new[] { "lastTransitionTime", "message", "reason", "status", "type" } },
    ];

    [TestCaseSource(nameof(RequiredFields))]
    public void RequiredFieldsAreListed(string path, string[] required)
    {
        Assert.That(SchemaWalk.At(path).Required, Is.EqualTo(required));
    }

    [Test]
    public void NothingAtTheTopOfSpecOrStatusIsRequired()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SchemaWalk.At("spec").Required, Is.Null);
            Assert.That(SchemaWalk.At("status").Required, Is.Null);
        });
    }

    [Test]
    public void ConditionsAreAMapListKeyedByType()
    {
        var conditions = SchemaWalk.At("status.conditions");
        Assert.That((conditions.XKubernetesListType, conditions.XKubernetesListMapKeys), Is.EqualTo(("map", new[] { "type" })));
    }

    [Test]
    public void ConditionSchemaMatchesUpstreamMetav1Condition()
    {
        Assert.Multiple(() =>
        {
            Assert.That(SchemaWalk.At("status.conditions[].status").EnumProperty, Is.EqualTo(new[] { "True", "False", "Unknown" }));
            Assert.That(SchemaWalk.At("status.conditions[].reason").Pattern, Is.EqualTo("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$"));
            Assert.That(SchemaWalk.At("status.conditions[].reason").MaxLength, Is.EqualTo(1024));
            Assert.That(SchemaWalk.At("status.conditions[].type").MaxLength, Is.EqualTo(316));
            Assert.That(SchemaWalk.At("status.conditions[].message").MaxLength, Is.EqualTo(32768));
            Assert.That(SchemaWalk.At("status.conditions[].observedGeneration").Minimum, Is.EqualTo(0));
        });
    }

    [TestCase("spec.resources.limits")]
    [TestCase("spec.resources.requests")]
    public void ResourceQuantitiesAreIntOrStringWithTheQuantityPattern(string path)
    {
        var quantity = (k8s.Models.V1JSONSchemaProps)SchemaWalk.At(path).AdditionalProperties;
        Assert.Multiple(() =>
        {
            Assert.That(quantity.XKubernetesIntOrString, Is.True);
            Assert.That(quantity.Type, Is.Null);
            Assert.That(quantity.AnyOf.Select(option => option.Type), Is.EqualTo(new[] { "integer", "string" }));
            Assert.That(quantity.Pattern, Is.EqualTo(UpstreamQuantityPattern));
        });
    }

    [Test]
    public void AResourceWithAnUndescribedPropertyIsRefused()
    {
        Assert.That(() => CrdGenerator.Generate(typeof(UndescribedResource)),
            Throws.InvalidOperationException.With.Message.Contains("UndescribedResource.Color"));
    }

    [Oz.Crds.Schema.CustomResource("example.com", "v1", "Undescribed", "undescribeds")]
    private sealed class UndescribedResource
    {
        public string? Color { get; set; }
    }
}
