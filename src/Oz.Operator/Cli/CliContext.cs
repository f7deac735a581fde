using System.Collections;

namespace Oz.Operator.Cli;

/// <summary>
/// What a command may use from its surroundings. Passed in rather than read from the process, so
/// tests run commands in-process with their own output, environment and timeouts.
/// </summary>
public sealed record CliContext(TextWriter Output, TextWriter Error, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>How long `run` waits for the API server's /version before calling it unreachable.</summary>
    public TimeSpan ApiServerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Logger factory to use instead of the one built from the configuration (tests).</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Whether Ctrl-C and SIGTERM cancel the running command (off in tests: they cancel with a token).</summary>
    public bool HandleTerminationSignals { get; init; } = true;

    public static CliContext FromProcess()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? "";
        }

        return new CliContext(Console.Out, Console.Error, environment);
    }
}
