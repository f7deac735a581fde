using Oz.Operator.Cli;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tests.Cli;

/// <summary>
/// One logging setup for every command, the stream being the only difference: `run` logs to
/// stdout, `preflight` to stderr (its stdout is the report), both through the same formatters and redactor.
/// </summary>
[NonParallelizable]
public sealed class LoggingStreamTests
{
    private const string SecretValue = "s3cr3t-database-password";

    private static (string Out, string Error) Capture(LogStream stream, string format)
    {
        var (originalOut, originalError) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(TextWriter.Synchronized(output));
        Console.SetError(TextWriter.Synchronized(error));
        try
        {
            var redactor = new SecretRedactor();
            redactor.Register(SecretValue);

            // Disposing the factory flushes the console logger's queue.
            using (var factory = LoggingSetup.Create(new OperatorOptions { LogFormat = format, LogLevel = "Debug" }, redactor, stream))
            {
                var logger = factory.CreateLogger("Oz.Operator.Test");
                logger.LogDebug("Connecting with {Password}", SecretValue);
                logger.LogError("Failed with {Password}", SecretValue);
            }
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }

        return (output.ToString(), error.ToString());
    }

    [TestCase("json")]
    [TestCase("console")]
    public void StandardErrorLoggingWritesEveryLevelToStderrRedacted(string format)
    {
        var (output, error) = Capture(LogStream.StandardError, format);

        Assert.Multiple(() =>
        {
            Assert.That(output, Is.Empty, "stdout is left to the command's own output");
            Assert.That(error, Does.Contain("Connecting with").And.Contain("Failed with"));
            Assert.That(error, Does.Contain(SecretRedactor.Mask).And.Not.Contain(SecretValue));
        });
    }

    [Test]
    public void StandardOutputLoggingWritesEveryLevelToStdoutRedacted()
    {
        var (output, error) = Capture(LogStream.StandardOutput, "json");

        Assert.Multiple(() =>
        {
            Assert.That(error, Is.Empty);
            Assert.That(output, Does.Contain("Connecting with").And.Contain("Failed with"));
            Assert.That(output, Does.Contain(SecretRedactor.Mask).And.Not.Contain(SecretValue));
        });
    }
}
