using System.Text.Json;
using System.Text.Json.Serialization;

namespace Oz.Operator.Configuration;

/// <summary>
/// The task environment setting: its text form (variables and flags), its name rule and the
/// inheritance of names given without a value from the operator's own environment.
/// </summary>
public static class TaskEnvVars
{
    /// <summary>Why a variable name is not usable, or null when it is.</summary>
    public static string? Problem(string? name) =>
        string.IsNullOrEmpty(name) ? "a variable needs a name"
        : name.Any(c => char.IsWhiteSpace(c) || c == '=' || char.IsControl(c)) ? $"'{name}' is not a valid variable name (no spaces, '=' or control characters)"
        : null;

    /// <summary>
    /// Text form: NAME[=VALUE] entries separated by commas, or a JSON list of {"name", "value"}
    /// objects (what repeated -e flags become, so values may contain commas).
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<TaskEnvVar> variables, out string error)
    {
        variables = [];
        error = "";
        var trimmed = text.Trim();
        var parsed = new List<TaskEnvVar>();
        if (trimmed.StartsWith('['))
        {
            try
            {
                foreach (var entry in JsonSerializer.Deserialize<List<JsonEntry>>(trimmed) ?? [])
                {
                    parsed.Add(new TaskEnvVar(entry.Name ?? "", entry.Value));
                }
            }
            catch (JsonException)
            {
                error = "expected a JSON list of {\"name\": ..., \"value\": ...} objects";
                return false;
            }
        }
        else
        {
            parsed.AddRange(trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(FromPair));
        }

        if (parsed.Select(v => Problem(v.Name)).FirstOrDefault(p => p is not null) is { } problem)
        {
            error = problem;
            return false;
        }

        variables = parsed;
        return true;
    }

    /// <summary>"NAME=VALUE" sets a value; a bare "NAME" inherits it from the operator's environment.</summary>
    public static TaskEnvVar FromPair(string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? new TaskEnvVar(pair, null) : new TaskEnvVar(pair[..equals], pair[(equals + 1)..]);
    }

    /// <summary>Repeated NAME[=VALUE] flags as the JSON text form.</summary>
    public static string ToText(IEnumerable<string> pairs) =>
        JsonSerializer.Serialize(pairs.Select(FromPair).Select(v => new JsonEntry(v.Name, v.Value)));

    /// <summary>Fills in the values of names given without one from <paramref name="environment"/>.</summary>
    public static IReadOnlyList<TaskEnvVar> Inherit(IReadOnlyList<TaskEnvVar> variables, IReadOnlyDictionary<string, string> environment) =>
        variables.All(v => v.Value is not null) ? variables : [.. variables.Select(v => v.Value is not null ? v : v with { Value = environment.TryGetValue(v.Name, out var inherited) ? inherited : "" })];

    private sealed record JsonEntry([property: JsonPropertyName("name")] string? Name, [property: JsonPropertyName("value")] string? Value);
}
