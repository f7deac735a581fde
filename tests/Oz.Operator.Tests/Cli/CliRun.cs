using Oz.Operator.Cli;

namespace Oz.Operator.Tests.Cli;

/// <summary>Runs the real command line in-process with captured output and a given environment.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(
        string[] args,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? apiServerTimeout = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, environment ?? new Dictionary<string, string>())
        {
            ApiServerTimeout = apiServerTimeout ?? TimeSpan.FromSeconds(5),
            LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance,
            HandleTerminationSignals = false,
        };
        var exitCode = await OzCli.InvokeAsync(args, context, cancellationToken);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
