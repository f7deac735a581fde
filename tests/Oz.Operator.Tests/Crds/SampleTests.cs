namespace Oz.Operator.Tests.Crds;

public sealed class SampleTests
{
    private static string SampleYaml => File.ReadAllText(RepositoryPaths.PathOf(RepositoryPaths.AgentTaskSample));

    [Test]
    public void SampleLoadsAsAHandMadeAgentTask()
    {
        var task = KubernetesYaml.Deserialize<AgentTask>(SampleYaml);

        Assert.Multiple(() =>
        {
            Assert.That(task.ApiVersion, Is.EqualTo(AgentTask.GroupVersion));
            Assert.That(task.Kind, Is.EqualTo(AgentTask.KindName));
            Assert.That(task.Metadata.Name, Is.Not.Empty);
            Assert.That(task.Spec.TaskId, Is.Null, "a hand-made task has no Oz identity");
            Assert.That(task.Spec.Image, Is.Not.Empty);
            Assert.That(task.Spec.Sidecars?.Select(s => s.MountPath), Does.Contain("/agent"));
            Assert.That(task.Spec.Args, Is.Not.Empty);
            Assert.That(task.Spec.Env?.Select(e => e.ValueFrom?.SecretKeyRef?.Key), Has.Some.Not.Null);
            Assert.That(task.Spec.Resources?.Limits?.Keys, Is.EquivalentTo(new[] { "cpu", "memory" }));
            Assert.That(task.Spec.ActiveDeadlineSeconds, Is.GreaterThan(0));
        });
    }

    [Test]
    public void SampleSatisfiesTheGeneratedSchema()
    {
        Assert.That(StructuralSchemaChecker.Check(YamlJson.Parse(SampleYaml), SchemaWalk.Root), Is.Empty);
    }

    [Test]
    public void SampleSurvivesAJsonRoundTripThroughTheTypes()
    {
        var sample = YamlJson.Parse(SampleYaml);
        var task = KubernetesYaml.Deserialize<AgentTask>(SampleYaml);

        var json = JsonNode.Parse(KubernetesJson.Serialize(task));

        Assert.That(JsonNode.DeepEquals(json, sample), Is.True, json?.ToJsonString());
    }

    private static readonly TestCaseData[] InvalidTasks =
    [
        Case("spec.sidecars[0].mountPath", null, ".spec.sidecars[0].mountPath: Required value"),
        Case("spec.sidecars[0].image", null, ".spec.sidecars[0].image: Required value"),
        Case("spec.env[0].name", null, ".spec.env[0].name: Required value"),
        Case("spec.color", "\"blue\"", ".spec.color: unknown field"),
        Case("spec.activeDeadlineSeconds", "0", ".spec.activeDeadlineSeconds: should be greater than or equal to 1"),
        Case("spec.activeDeadlineSeconds", "\"7200\"", ".spec.activeDeadlineSeconds: expected integer, got String"),
        Case("spec.idleOnComplete", "\"ten minutes\"", ".spec.idleOnComplete: should match '^([0-9]+(h|m|s|ms))+$'"),
        Case("spec.resources.limits.cpu", "\"two\"", ".spec.resources.limits.cpu: should match"),
        Case("spec.sidecars", "[{\"image\":\"x\",\"mountPath\":\"/a\"}," + string.Concat(Enumerable.Repeat("{\"image\":\"x\",\"mountPath\":\"/b\"},", 32)).TrimEnd(',') + "]",
            ".spec.sidecars: must have at most 32 items"),
        Case("status", "{\"phase\":\"Done\"}", ".status.phase: Unsupported value \"Done\""),
        Case("status", "{\"reason\":\"Crashed\"}", ".status.reason: Unsupported value \"Crashed\""),
        Case("status", "{\"conditions\":[{\"type\":\"Accepted\",\"status\":\"Yes\",\"reason\":\"Seen\",\"message\":\"\",\"lastTransitionTime\":\"2026-11-23T09:04:33Z\"}]}",
            ".status.conditions[0].status: Unsupported value \"Yes\""),
        Case("status", "{\"conditions\":[{\"type\":\"Accepted\",\"status\":\"True\",\"reason\":\"Seen\",\"message\":\"\"}]}",
            ".status.conditions[0].lastTransitionTime: Required value"),
        Case("status", "{\"conditions\":[" + string.Join(",", Enumerable.Repeat(
                "{\"type\":\"Accepted\",\"status\":\"True\",\"reason\":\"Seen\",\"message\":\"\",\"lastTransitionTime\":\"2026-11-23T09:04:33Z\"}", 2)) + "]}",
            ".status.conditions: Duplicate value"),
    ];

    /// <summary>A change to the sample (a JSON value set at a path, or null to remove it) and the error it must cause.</summary>
    private static TestCaseData Case(string path, string? json, string expectedError) =>
        new TestCaseData(path, json, expectedError).SetArgDisplayNames(expectedError);

    [TestCaseSource(nameof(InvalidTasks))]
    public void SchemaRejectsAnInvalidChangeToTheSample(string path, string? json, string expectedError)
    {
        var task = YamlJson.Parse(SampleYaml)!.AsObject();
        Set(task, path, json is null ? null : JsonNode.Parse(json));

        var errors = StructuralSchemaChecker.Check(task, SchemaWalk.Root);

        Assert.That(errors, Has.Some.StartsWith(expectedError));
    }

    /// <summary>Sets (or, for a null value, removes) the field at a dotted path with [index] steps.</summary>
    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        JsonNode node = root;
        var steps = path.Split('.');
        foreach (var step in steps[..^1])
        {
            node = Step(node, step);
        }

        if (value is null)
        {
            node.AsObject().Remove(steps[^1]);
        }
        else
        {
            node.AsObject()[steps[^1]] = value;
        }
    }

    private static JsonNode Step(JsonNode node, string step)
    {
        var bracket = step.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return node[step] ?? throw new KeyNotFoundException(step);
        }

        var index = int.Parse(step[(bracket + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return node[step[..bracket]]![index]!;
    }
}
