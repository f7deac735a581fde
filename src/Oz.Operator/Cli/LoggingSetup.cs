using Microsoft.Extensions.Logging.Console;
using Oz.Operator.Configuration;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Cli;

/// <summary>
/// The logger factory the configuration asks for: JSON lines ("json", for clusters) or
/// human-readable lines ("console"), to stdout or stderr (<see cref="LogStream"/>), always through the
/// <see cref="SecretRedactor"/>.
/// </summary>
public static class LoggingSetup
{
    /// <summary>
    /// A factory whose redactor knows this process's WARP_API_KEY. The operator itself uses the overload
    /// taking a redactor, so that the secrets it meets at run time can be registered on it.
    /// </summary>
    public static ILoggerFactory Create(OperatorOptions options) => Create(options, LogStream.StandardOutput);

    /// <summary>A factory writing to <paramref name="stream"/> whose redactor knows this process's WARP_API_KEY.</summary>
    public static ILoggerFactory Create(OperatorOptions options, LogStream stream) => Create(options, SecretRedactor.FromProcessEnvironment(), stream);

    /// <summary>A factory redacting with <paramref name="redactor"/> (register further secrets on it at any time).</summary>
    public static ILoggerFactory Create(OperatorOptions options, SecretRedactor redactor) => Create(options, redactor, LogStream.StandardOutput);

    /// <summary>A factory writing to <paramref name="stream"/>, redacting with <paramref name="redactor"/>.</summary>
    public static ILoggerFactory Create(OperatorOptions options, SecretRedactor redactor, LogStream stream) =>
        LoggerFactory.Create(builder => Configure(builder, options, redactor, stream));

    /// <summary>Configures <paramref name="builder"/> (also usable on a host's logging builder).</summary>
    public static void Configure(ILoggingBuilder builder, OperatorOptions options, SecretRedactor redactor) =>
        Configure(builder, options, redactor, LogStream.StandardOutput);

    /// <summary>Configures <paramref name="builder"/> to write to <paramref name="stream"/>.</summary>
    public static void Configure(ILoggingBuilder builder, OperatorOptions options, SecretRedactor redactor, LogStream stream)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        builder.SetMinimumLevel(LogLevelNames.Parse(options.LogLevel));
        if (stream == LogStream.StandardError)
        {
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.AddConsole(console => console.FormatterName = options.LogFormat == "console"
            ? OperatorConsoleFormatter.FormatterName
            : OperatorJsonFormatter.FormatterName);
        builder.Services.AddSingleton<ConsoleFormatter>(new OperatorJsonFormatter(redactor));
        builder.Services.AddSingleton<ConsoleFormatter>(new OperatorConsoleFormatter(redactor));
    }
}
