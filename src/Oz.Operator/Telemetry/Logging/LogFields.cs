using System.Diagnostics;

namespace Oz.Operator.Telemetry.Logging;

/// <summary>The fields of one log line, gathered once for both formatters: state first, then scopes.</summary>
internal static class LogFields
{
    private const string OriginalFormat = "{OriginalFormat}";

    /// <summary>Structured fields of the message and of the enclosing scopes (the message's own win), plus non-structured scopes.</summary>
    public static (List<KeyValuePair<string, object?>> Fields, List<string> Scopes) Collect<TState>(TState state, IExternalScopeProvider? scopeProvider)
    {
        var fields = new List<KeyValuePair<string, object?>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scopes = new List<string>();
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var pair in values)
            {
                if (pair.Key != OriginalFormat && seen.Add(pair.Key))
                {
                    fields.Add(pair);
                }
            }
        }

        scopeProvider?.ForEachScope(
            (scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scoped)
                {
                    foreach (var pair in scoped)
                    {
                        if (pair.Key != OriginalFormat && seen.Add(pair.Key))
                        {
                            fields.Add(pair);
                        }
                    }
                }
                else if (scope?.ToString() is { Length: > 0 } text)
                {
                    scopes.Add(text);
                }
            },
            (object?)null);

        if (Activity.Current is { } activity)
        {
            if (seen.Add("traceId"))
            {
                fields.Add(new("traceId", activity.TraceId.ToHexString()));
            }

            if (seen.Add("spanId"))
            {
                fields.Add(new("spanId", activity.SpanId.ToHexString()));
            }
        }

        return (fields, scopes);
    }
}
