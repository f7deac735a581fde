using Oz.Operator.Cli;
using Oz.Operator.Hosting;
using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>
/// The Oz bridge handles an assignment carrying secrets, through the real logging setup (JSON and
/// console formatters, stdout captured), on a path that fails and logs the Secret it could not create.
/// </summary>
[NonParallelizable]
public sealed class BridgeSecretLoggingTests
{
    private const string TaskId = "task-with-secrets";
    private const string GitHubToken = "ghp-secret-token";
    private const string TaskToken = "tok-123";
    private const string PlainPassword = "correct horse battery staple";

    private static readonly string[] SecretValues = [GitHubToken, TaskToken, PlainPassword];

    [TestCase("json")]
    [TestCase("console")]
    public async Task NoSecretValueOfAnAssignmentReachesTheLogWhenCreatingItsSecretFails(string format)
    {
        var redactor = new SecretRedactor();
        var sender = new RecordingSender();
        var output = await CaptureAsync(format, redactor, async loggers =>
        {
            var cluster = new InMemoryAgentTaskStore();
            using var metrics = new OzMetrics();
            var options = new OperatorOptions { WorkerId = BridgeHarness.WorkerId, Namespace = BridgeHarness.Namespace, Oz = new OzOptions { ServerRootUrl = "http://oz.test" } };
            var bridge = new OzMessageHandler(new SecretEchoingStore(cluster), cluster, options, new RejectedTasks(), metrics, loggers.CreateLogger<OzMessageHandler>(), redactor);
            var message = OzMessageParser.Parse(OzMessages.Assignment(TaskId, change: d => d["env_vars"]!["DB_PASSWORD"] = PlainPassword));

            await bridge.HandleAsync(message, sender, CancellationToken.None);
        });

        Assert.Multiple(() =>
        {
            Assert.That(sender.Sent.OfType<TaskRejected>().Single().TaskId, Is.EqualTo(TaskId), "the failing path ran");
            Assert.That(output, Does.Contain("Could not create the AgentTask of task " + TaskId));
            Assert.That(output, Does.Contain("GITHUB_TOKEN"), "names stay readable, only values are masked");
            Assert.That(output, Does.Contain(SecretRedactor.Mask));
            foreach (var value in SecretValues)
            {
                Assert.That(output, Does.Not.Contain(value));
                Assert.That(output, Does.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes(value))), "nor base64-encoded as in a Secret's data");
            }
        });
        if (format == "json")
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.That(lines.Select(l => l.GetProperty("TaskId").GetString()), Is.All.EqualTo(TaskId), "every line is in the task's scope");
        }
    }

    [Test]
    public async Task TheComponentsRegisterTheApiKeyOnTheRedactorTheLogsUse()
    {
        const string apiKey = "wk-live-components-key-0042";
        var redactor = new SecretRedactor();
        var connection = new KubernetesConnection(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }, "test");
        using var loggers = LoggerFactory.Create(_ => { });

        var components = OperatorComponents.Create(new OperatorOptions(), connection, loggers, name => name == OzCredentials.ApiKeyVariable ? apiKey : null, redactor);
        await components.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(components.Redactor, Is.SameAs(redactor));
            Assert.That(redactor.Redact($"connecting with {apiKey}"), Is.EqualTo("connecting with ***"));
        });
    }

    private static async Task<string> CaptureAsync(string format, SecretRedactor redactor, Func<ILoggerFactory, Task> scenario)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            // Disposing the factory flushes the console logger's queue.
            using var factory = LoggingSetup.Create(new OperatorOptions { LogFormat = format, LogLevel = "Trace" }, redactor);
            await scenario(factory);
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

    /// <summary>Echoes the rejected Secret in its error, as an admission webhook or a validation error may.</summary>
    private sealed class SecretEchoingStore(InMemoryAgentTaskStore inner) : IAgentTaskStore
    {
        public Task<AgentTask?> CreateAgentTaskAsync(AgentTask task, CancellationToken cancellationToken) => inner.CreateAgentTaskAsync(task, cancellationToken);

        public Task<AgentTask?> GetAgentTaskAsync(string ns, string name, CancellationToken cancellationToken) => inner.GetAgentTaskAsync(ns, name, cancellationToken);

        public Task<bool> CreateSecretAsync(V1Secret secret, CancellationToken cancellationToken)
        {
            var values = secret.Data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(d.Value));
            var asStringData = new V1Secret { Metadata = secret.Metadata, StringData = values };
            var detail = string.Join("; ", values.Select(v => $"env {v.Key}: value \"{v.Value}\" is not allowed by policy"));
            throw new InvalidOperationException(
                $"admission webhook denied Secret {secret.Metadata.Name}: {detail}. Object: {KubernetesJson.Serialize(secret)} Submitted as: {KubernetesJson.Serialize(asStringData)}");
        }

        public Task OpenStartGateAsync(string ns, string name, CancellationToken cancellationToken) => inner.OpenStartGateAsync(ns, name, cancellationToken);

        public Task<bool> DeleteAgentTaskAsync(string ns, string name, string uid, CancellationToken cancellationToken) =>
            inner.DeleteAgentTaskAsync(ns, name, uid, cancellationToken);

        public Task RequestCancelAsync(string ns, string name, CancellationToken cancellationToken) => inner.RequestCancelAsync(ns, name, cancellationToken);

        public Task MarkReportedAsync(string ns, string name, CancellationToken cancellationToken) => inner.MarkReportedAsync(ns, name, cancellationToken);
    }

    private sealed class RecordingSender : IOzSender
    {
        public List<OzOutgoingMessage> Sent { get; } = [];

        public Task SendAsync(OzOutgoingMessage message, CancellationToken cancellationToken)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }
}
