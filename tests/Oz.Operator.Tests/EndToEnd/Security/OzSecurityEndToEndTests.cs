using Oz.KubeSim.Controllers;
using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tests.EndToEnd.Security;

/// <summary>
/// The raw install with a fake Oz, on the simulator with RBAC enforced: only tasks the operator's
/// bridge created are reported, and no Oz secret reaches a Job or pod spec, the task's status, its
/// Events or the report, even when the failing container prints it.
/// </summary>
[CancelAfter(90_000)]
public sealed class OzSecurityEndToEndTests
{
    private const string EnvToken = "ghp-secret-token";
    private const string McpToken = "mcp-token-0123456789abcdef";
    private const string TaskImage = "ghcr.io/acme/env:1";

    [Test]
    public async Task AHandMadeTaskWithAForgedTaskIdIsNeverReportedToOz()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: false, oz: true);
        var session = await cluster.Oz!.NextSessionAsync();
        var forged = SecureCluster.TaskReading("forged", null, s => (s.Prompt, s.TaskId, s.ExecutionId) = (null, "task-forged", "exec-1"));
        forged.Metadata.Labels = new Dictionary<string, string> { [TaskLabels.Source] = TaskLabels.SourceOz };

        await cluster.CreateAsAuthorAsync(forged);
        await cluster.WaitForTaskAsync("forged", t => t.Status?.Phase?.IsTerminal() == true, "the forged task to finish");
        await session.SendJsonAsync(OzMessages.Assignment("task-real", "exec-1"));
        var messages = await ReceiveUntilAsync(session, m => Type(m) is "task_completed" or "task_failed" && TaskId(m) == "task-real");

        Assert.Multiple(() =>
        {
            Assert.That(messages.Select(TaskId), Does.Not.Contain("task-forged"));
            Assert.That(Type(messages[^1]), Is.EqualTo("task_completed"), "the real task is reported, so reports flow");
        });
    }

    [Test]
    public async Task NoOzSecretReachesTheSpecsStatusEventsOrTheReportWhenTheTaskPrintsIt()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: true, oz: true);
        cluster.Sim.Scripts.Script(TaskImage, PodOutcome.Exit(1, after: TimeSpan.FromSeconds(30), log: $"cloning with {EnvToken}\nmcp says {McpToken}\nfatal: authentication failed\n"));
        var session = await cluster.Oz!.NextSessionAsync();
        var name = OzTaskNames.AgentTaskName("task-secret", "exec-1");

        await session.SendJsonAsync(OzMessages.Assignment("task-secret", "exec-1", d =>
            d["task"]!["agent_config_snapshot"]!["mcp_servers"] = new JsonObject { ["gh"] = new JsonObject { ["url"] = "https://mcp.test", ["headers"] = new JsonObject { ["Authorization"] = "Bearer " + McpToken } } }));
        var specs = new List<string>();
        await Eventually.UntilAsync(
            async () =>
            {
                var jobs = (await cluster.Client.BatchV1.ListNamespacedJobAsync(SecureCluster.Namespace, labelSelector: null)).Items.Where(j => j.Metadata.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
                var pods = (await cluster.Client.CoreV1.ListNamespacedPodAsync(SecureCluster.Namespace)).Items.Where(p => p.Metadata.Name.StartsWith(name, StringComparison.Ordinal)).ToList();
                specs.AddRange(jobs.Select(j => KubernetesJson.Serialize(j)).Concat(pods.Select(p => KubernetesJson.Serialize(p))));
                return jobs.Count > 0 && pods.Count > 0;
            },
            () => "the task's Job and pod");
        var report = await ReceiveUntilAsync(session, m => Type(m) is "task_completed" or "task_failed" && TaskId(m) == "task-secret");
        var task = await cluster.WaitForTaskAsync(name, t => t.Status?.Phase == AgentTaskPhase.Failed, "the task to fail");
        var events = (await cluster.EventsAboutAsync(name)).Select(e => e.Note ?? "").ToList();

        Assert.Multiple(() =>
        {
            Assert.That(task.Status!.Message, Does.Contain("fatal: authentication failed").And.Contain(SecretRedactor.Mask), "the tail is there, masked");
            foreach (var secret in new[] { EnvToken, McpToken })
            {
                Assert.That(specs, Has.None.Contain(secret), "Job and pod specs");
                Assert.That(task.Status.Message, Does.Not.Contain(secret), "status");
                Assert.That(events, Has.None.Contain(secret), "Events");
                Assert.That(report.Select(m => m.GetRawText()), Has.None.Contain(secret), "messages to Oz");
            }

            Assert.That(Type(report[^1]), Is.EqualTo("task_failed"));
        });
    }

    private static string? Type(JsonElement message) => message.GetProperty("type").GetString();

    private static string? TaskId(JsonElement message) =>
        message.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("task_id", out var id) ? id.GetString() : null;

    /// <summary>Every message from the worker up to and including the first that matches.</summary>
    private static async Task<List<JsonElement>> ReceiveUntilAsync(FakeOzSession session, Func<JsonElement, bool> last)
    {
        var messages = new List<JsonElement>();
        do
        {
            messages.Add(await session.ReceiveAsync(TimeSpan.FromSeconds(45)));
        }
        while (!last(messages[^1]));

        return messages;
    }
}
