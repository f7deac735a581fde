using NLua;
using Oz.Operator.Tasks.Status;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Tests.GitOps;

/// <summary>
/// The shipped Argo CD health check (config/argocd/agenttask-health.lua), run by a real Lua
/// interpreter the way Argo CD runs it: a global <c>obj</c> holding the resource, a table
/// returned with status and message.
/// </summary>
public sealed class ArgoCdHealthTests
{
    private static readonly string Script = File.ReadAllText(RepositoryPaths.PathOf("config/argocd/agenttask-health.lua"));

    public static IEnumerable<TestCaseData> Phases()
    {
        yield return new TestCaseData(AgentTaskPhase.Pending, null, "Progressing");
        yield return new TestCaseData(AgentTaskPhase.Queued, null, "Progressing");
        yield return new TestCaseData(AgentTaskPhase.Starting, null, "Progressing");
        yield return new TestCaseData(AgentTaskPhase.Running, null, "Progressing");
        yield return new TestCaseData(AgentTaskPhase.Succeeded, null, "Healthy");
        foreach (var reason in Enum.GetValues<FailureReason>().Where(r => r != FailureReason.Cancelled))
        {
            yield return new TestCaseData(AgentTaskPhase.Failed, reason, "Degraded");
        }

        yield return new TestCaseData(AgentTaskPhase.Cancelled, FailureReason.Cancelled, "Degraded");
    }

    [TestCaseSource(nameof(Phases))]
    public void EveryPhaseAndConditionsMapToAnArgoHealth(AgentTaskPhase phase, FailureReason? reason, string expected)
    {
        var task = TaskIn(phase, reason, generation: 2, observed: 2);

        var (status, message) = Evaluate(task);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(expected));
            Assert.That(message, Does.Contain("detail"));
            if (reason is { } r)
            {
                Assert.That(message, Does.StartWith(r.ToString()));
            }
        });
    }

    [TestCaseSource(nameof(Phases))]
    public void ConditionsAloneDecideWhenThePhaseIsUnknownToTheCheck(AgentTaskPhase phase, FailureReason? reason, string expected)
    {
        var task = TaskIn(phase, reason, generation: 2, observed: 2);
        task["status"]!["phase"] = "SomeFuturePhase";

        Assert.That(Evaluate(task).Status, Is.EqualTo(expected));
    }

    [Test]
    public void ATaskWithoutStatusIsProgressing() =>
        Assert.That(Evaluate(JsonNode.Parse("""{"metadata":{"name":"t","generation":1},"spec":{}}""")!).Status, Is.EqualTo("Progressing"));

    [Test]
    public void AStatusOfAnOlderGenerationIsProgressing() =>
        Assert.That(Evaluate(TaskIn(AgentTaskPhase.Succeeded, null, generation: 3, observed: 2)).Status, Is.EqualTo("Progressing"));

    [Test]
    public void TheArgoCdConfigMapEmbedsTheScriptUnchanged()
    {
        var yaml = new YamlStream();
        using var reader = new StringReader(File.ReadAllText(RepositoryPaths.PathOf("config/argocd/argocd-cm.yaml")));
        yaml.Load(reader);
        var data = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["data"];

        Assert.That(((YamlScalarNode)data["resource.customizations.health.oz.warp.dev_AgentTask"]).Value, Is.EqualTo(Script));
    }

    private static JsonNode TaskIn(AgentTaskPhase phase, FailureReason? reason, long generation, long observed)
    {
        var task = new AgentTask
        {
            Metadata = new k8s.Models.V1ObjectMeta { Name = "t", Generation = generation },
            Status = new AgentTaskStatus
            {
                Phase = phase,
                Reason = reason,
                Message = "detail",
                ObservedGeneration = observed,
                Conditions = [.. KstatusConditions.For(phase, reason, "detail", observed)],
            },
        };
        return JsonNode.Parse(KubernetesJson.Serialize(task))!;
    }

    /// <summary>Runs the script with <c>obj</c> set to the resource, as Argo CD does.</summary>
    private static (string? Status, string? Message) Evaluate(JsonNode resource)
    {
        using var lua = new Lua();
        lua.NewTable("obj");
        Fill(lua, "obj", resource);
        var result = (LuaTable)lua.DoString(Script)[0];
        return ((string?)result["status"], (string?)result["message"]);
    }

    /// <summary>Builds the Lua table at <paramref name="path"/> from JSON: objects as tables, arrays as 1-based tables.</summary>
    private static void Fill(Lua lua, string path, JsonNode node)
    {
        IEnumerable<(string Key, JsonNode? Value)> entries = node switch
        {
            JsonObject o => o.Select(p => ($"[{Quote(p.Key)}]", p.Value)),
            JsonArray a => a.Select((v, i) => ($"[{i + 1}]", v)),
            _ => [],
        };
        foreach (var (key, value) in entries)
        {
            var child = path + key;
            switch (value)
            {
                case JsonObject or JsonArray:
                    lua.DoString($"{child} = {{}}");
                    Fill(lua, child, value);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var s):
                    lua.DoString($"{child} = {Quote(s)}");
                    break;
                case JsonValue v when v.TryGetValue<bool>(out var b):
                    lua.DoString($"{child} = {(b ? "true" : "false")}");
                    break;
                case JsonValue v:
                    lua.DoString($"{child} = {v.ToJsonString()}");
                    break;
            }
        }
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
