using Oz.Operator.Cli;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>
/// A message the bridge failed to handle is logged by the connection loop, outside the handler:
/// the line still names the task, through the real logging setup (JSON, stdout captured).
/// </summary>
[NonParallelizable]
public sealed class BridgeMessageFailureLoggingTests
{
    private const string FailureText = "Failed to handle a";

    [Test]
    public async Task TheFailureToHandleAnAssignmentIsLoggedWithItsTaskId()
    {
        var output = await CaptureJsonAsync(async loggers =>
        {
            await using var harness = await BridgeHarness.StartAsync(loggers: loggers);
            var session = await harness.NextSessionAsync();
            harness.Cluster.FailNextCacheGets(1);

            await session.SendJsonAsync(OzMessages.Assignment("task-bug"));
            await Eventually.Until(() => harness.Logs.AllText.Contains(FailureText, StringComparison.Ordinal), "the failure logged");
        });

        var failure = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(l => l.GetProperty("message").GetString()!.StartsWith(FailureText, StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(failure.GetProperty("TaskId").GetString(), Is.EqualTo("task-bug"));
            Assert.That(failure.GetProperty("exception").GetString(), Does.Contain("injected cache failure"));
        });
    }

    private static async Task<string> CaptureJsonAsync(Func<Microsoft.Extensions.Logging.ILoggerFactory, Task> scenario)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(output));
        try
        {
            // Disposing the factory flushes the console logger's queue.
            using var factory = LoggingSetup.Create(new OperatorOptions { LogFormat = "json", LogLevel = "Trace" }, new SecretRedactor());
            await scenario(factory);
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }
}
