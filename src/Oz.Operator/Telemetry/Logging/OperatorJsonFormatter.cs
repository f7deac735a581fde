using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Oz.Operator.Telemetry.Logging;

/// <summary>
/// One flat JSON object per line, for log pipelines: <c>time</c>, <c>level</c>, <c>category</c>,
/// <c>message</c>, <c>eventId</c> (when set), <c>exception</c> (when any), then every structured field of
/// the message template and of the enclosing scopes at the top level (TaskId, AgentTask, Job, ...),
/// and <c>traceId</c>/<c>spanId</c> inside a span. Every string goes through the <see cref="SecretRedactor"/>.
/// </summary>
public sealed class OperatorJsonFormatter(SecretRedactor redactor, TimeProvider? timeProvider = null) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "oz-json";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly HashSet<string> Reserved = new(["time", "level", "category", "message", "eventId", "exception", "scopes"], StringComparer.Ordinal);
    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var (fields, scopes) = LogFields.Collect(logEntry.State, scopeProvider);
        var redactedMessage = redactor.Redact(message ?? "");
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteString("message", redactedMessage);
            if (logEntry.EventId.Id != 0)
            {
                json.WriteNumber("eventId", logEntry.EventId.Id);
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", redactor.Redact(exception.ToString()));
            }

            foreach (var (key, value) in fields.Where(f => !Reserved.Contains(f.Key)))
            {
                json.WritePropertyName(key);
                WriteValue(json, value, message ?? "", redactedMessage);
            }

            if (scopes.Count > 0)
            {
                json.WriteStartArray("scopes");
                foreach (var scope in scopes)
                {
                    json.WriteStringValue(redactor.Redact(scope));
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    /// <summary>
    /// A field is masked on its own, and also when the message masked it: a pattern such as
    /// "WARP_API_KEY={Key}" only matches in the message, yet the field holds the same value.
    /// </summary>
    private string RedactField(string value, string message, string redactedMessage)
    {
        var redacted = redactor.Redact(value);
        return redacted == value && value.Length >= 3
            && message.Contains(value, StringComparison.Ordinal) && !redactedMessage.Contains(value, StringComparison.Ordinal)
            ? SecretRedactor.Mask
            : redacted;
    }

    private void WriteValue(Utf8JsonWriter json, object? value, string message, string redactedMessage)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double d when double.IsFinite(d):
                json.WriteNumberValue(d);
                break;
            case float f when float.IsFinite(f):
                json.WriteNumberValue(f);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case DateTime dt:
                json.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset dto:
                json.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                json.WriteStringValue(RedactField(formattable.ToString(null, CultureInfo.InvariantCulture), message, redactedMessage));
                break;
            default:
                json.WriteStringValue(RedactField(value.ToString() ?? "", message, redactedMessage));
                break;
        }
    }
}
