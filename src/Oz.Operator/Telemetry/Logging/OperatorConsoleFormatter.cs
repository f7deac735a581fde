using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Oz.Operator.Telemetry.Logging;

/// <summary>
/// Human-readable single lines for local runs: <c>10:14:33.123 info: Category message (TaskId=... AgentTask=... Job=...)</c>,
/// the exception on the following lines. Scope fields are shown, message fields are already in the
/// message. Redacted like the JSON format.
/// </summary>
public sealed class OperatorConsoleFormatter(SecretRedactor redactor, TimeProvider? timeProvider = null) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "oz-console";

    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        // Only the scopes' fields: the message's own fields are already part of its text.
        var (scopeFields, _) = LogFields.Collect<object?>(null, scopeProvider);
        var line = new StringBuilder(128)
            .Append(time.GetLocalNow().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(' ')
            .Append(Level(logEntry.LogLevel)).Append(": ")
            .Append(logEntry.Category).Append(' ')
            .Append(message);
        if (scopeFields.Count > 0)
        {
            line.Append(" (").AppendJoin(' ', scopeFields.Select(f => $"{f.Key}={f.Value}")).Append(')');
        }

        if (logEntry.Exception is { } exception)
        {
            line.Append('\n').Append(exception);
        }

        textWriter.Write(redactor.Redact(line.ToString()));
        textWriter.Write('\n');
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
