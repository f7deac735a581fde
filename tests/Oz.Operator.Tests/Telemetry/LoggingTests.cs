using Oz.Operator.Cli;
using Oz.Operator.Telemetry.Logging;
using Oz.Operator.Telemetry.Tracing;
using static Oz.Operator.Tests.Telemetry.TaskObjects;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>The real logging setup (console provider + our formatters), its stdout captured.</summary>
[NonParallelizable]
public sealed class LoggingTests
{
    private const string ApiKey = "wk-live-4f8a9c2e7b1d";
    private const string SecretValue = "s3cr3t-database-password";

    private static string Capture(string format, SecretRedactor redactor, Action<ILoggerFactory> scenario)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            // Disposing the factory flushes the console logger's queue.
            using (var factory = LoggingSetup.Create(new OperatorOptions { LogFormat = format, LogLevel = "Trace" }, redactor))
            {
                scenario(factory);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Test]
    public void EveryJsonLineParsesAndCarriesTheTaskScopeFieldsAtTopLevel()
    {
        var task = Task("build-1", AgentTaskPhase.Running, jobName: "build-1-abcd1234", taskId: "task-42");
        var output = Capture("json", new SecretRedactor(), factory =>
        {
            var logger = factory.CreateLogger("Oz.Operator.Tasks");
            using (logger.BeginTaskScope(task))
            {
                logger.LogInformation("Created Job {JobName} after {Attempts} attempts", "build-1-abcd1234", 2);
                logger.LogWarning(new InvalidOperationException("boom"), "Status write failed");
            }

            logger.LogInformation("Outside any task");
        });

        var lines = Lines(output).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Count.EqualTo(3));
            foreach (var line in lines.Take(2))
            {
                Assert.That(line.GetProperty("TaskId").GetString(), Is.EqualTo("task-42"));
                Assert.That(line.GetProperty("AgentTask").GetString(), Is.EqualTo("default/build-1"));
                Assert.That(line.GetProperty("Job").GetString(), Is.EqualTo("build-1-abcd1234"));
                Assert.That(line.GetProperty("category").GetString(), Is.EqualTo("Oz.Operator.Tasks"));
            }

            Assert.That(lines[0].GetProperty("message").GetString(), Is.EqualTo("Created Job build-1-abcd1234 after 2 attempts"));
            Assert.That(lines[0].GetProperty("Attempts").GetInt64(), Is.EqualTo(2));
            Assert.That(lines[0].GetProperty("level").GetString(), Is.EqualTo("Information"));
            Assert.That(lines[1].GetProperty("exception").GetString(), Does.Contain("boom"));
            Assert.That(lines[2].TryGetProperty("TaskId", out _), Is.False);
        });
    }

    [Test]
    public void JsonLinesInsideASpanCarryItsTraceAndSpanIds()
    {
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == OperatorTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string? traceId = null;
        var output = Capture("json", new SecretRedactor(), factory =>
        {
            using var activity = OperatorTracing.StartOzMessageActivity("task_assignment", "task-42");
            traceId = activity?.TraceId.ToHexString();
            factory.CreateLogger("Oz").LogInformation("Assignment received");
        });

        var line = JsonDocument.Parse(Lines(output).Single()).RootElement;
        Assert.That(line.GetProperty("traceId").GetString(), Is.EqualTo(traceId).And.Not.Null);
    }

    [Test]
    public void ConsoleLinesShowTheTaskScope()
    {
        var output = Capture("console", new SecretRedactor(), factory =>
        {
            var logger = factory.CreateLogger("Oz.Operator.Tasks");
            using (logger.BeginTaskScope("task-42"))
            {
                logger.LogInformation("Claimed");
            }
        });

        Assert.That(Lines(output).Single(), Does.Match(@"^\d\d:\d\d:\d\d\.\d{3} info: Oz\.Operator\.Tasks Claimed \(TaskId=task-42\)$"));
    }

    /// <summary>
    /// Every way a careless line could carry the API key or a Secret's values: in the message, as
    /// a field, in a scope, in an exception, as a bearer token, as a serialized Secret or env var.
    /// </summary>
    [TestCase("json")]
    [TestCase("console")]
    public void NeitherTheApiKeyNorSecretValuesEverReachTheOutput(string format)
    {
        var redactor = SecretRedactor.FromEnvironment(new Dictionary<string, string> { ["WARP_API_KEY"] = ApiKey });
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "task-env", NamespaceProperty = "default" },
            StringData = new Dictionary<string, string> { ["DB_PASSWORD"] = SecretValue, ["OTHER_TOKEN"] = "another-secret-value-99" },
        };
        var envVar = new V1EnvVar { Name = "WARP_API_KEY", Value = ApiKey };

        var output = Capture(format, redactor, factory =>
        {
            var logger = factory.CreateLogger("Oz.Operator.Oz");
            logger.LogInformation("Connecting with key {ApiKey}", ApiKey);
            logger.LogInformation("Request headers: Authorization: Bearer {Token}", ApiKey);
            logger.LogDebug("Creating Secret {Secret}", KubernetesJson.Serialize(secret));
            logger.LogDebug("Task env {Env}", KubernetesJson.Serialize(envVar));
            logger.LogDebug("Environment: WARP_API_KEY={Key} HOME=/root", "not-the-registered-key");
            using (logger.BeginScope(new Dictionary<string, object?> { ["Header"] = "Bearer eyJhbGciOiJIUzI1NiJ9.payload.signature" }))
            {
                logger.LogError(new InvalidOperationException($"handshake failed for {ApiKey}"), "Oz handshake failed");
            }
        });

        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Not.Contain(ApiKey));
            Assert.That(output, Does.Not.Contain(SecretValue));
            Assert.That(output, Does.Not.Contain("another-secret-value-99"));
            Assert.That(output, Does.Not.Contain("not-the-registered-key"));
            Assert.That(output, Does.Not.Contain("eyJhbGciOiJIUzI1NiJ9"));
            Assert.That(output, Does.Contain(SecretRedactor.Mask));
            Assert.That(output, Does.Contain("DB_PASSWORD"), "names stay readable, only values are masked");
            Assert.That(Lines(output), Has.Length.GreaterThanOrEqualTo(6));
        });
    }

    [Test]
    public void ValuesRegisteredAtRunTimeAreMaskedFromThenOn()
    {
        var redactor = new SecretRedactor();
        redactor.Register(SecretValue);
        redactor.Register("short");

        Assert.Multiple(() =>
        {
            Assert.That(redactor.Redact($"value={SecretValue}"), Is.EqualTo("value=***"));
            Assert.That(redactor.Redact("a short word"), Is.EqualTo("a short word"), "values under the minimum length are not masked");
        });
    }
}
