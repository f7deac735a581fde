using System.Globalization;
using System.Text.Json;

namespace Oz.Operator.Configuration;

/// <summary>
/// Parses a value written as text (an environment variable, a flag, a YAML scalar) into the
/// type of its key. The messages say what was expected, since they are shown to people.
/// </summary>
public static class ConfigValueParser
{
    public static bool TryParse(ConfigValueKind kind, string text, out object? value, out string error)
    {
        value = null;
        error = "";
        switch (kind)
        {
            case ConfigValueKind.String:
                value = text;
                return true;
            case ConfigValueKind.Integer:
                if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                {
                    value = number;
                    return true;
                }

                error = $"expected an integer, got '{text}'";
                return false;
            case ConfigValueKind.Boolean:
                if (bool.TryParse(text.Trim(), out var flag))
                {
                    value = flag;
                    return true;
                }

                error = $"expected true or false, got '{text}'";
                return false;
            case ConfigValueKind.Duration:
                if (GoDuration.TryParse(text.Trim(), out var duration))
                {
                    value = duration;
                    return true;
                }

                error = $"expected a duration such as 30s, 15m or 1h30m, got '{text}'";
                return false;
            case ConfigValueKind.StringMap:
                return TryParseMap(text, out value, out error);
            case ConfigValueKind.EnvList:
                var parsed = TaskEnvVars.TryParse(text, out var variables, out error);
                value = variables;
                return parsed;
            case ConfigValueKind.PodSpec:
            case ConfigValueKind.Resources:
            default:
                error = "can only be set in the configuration file";
                return false;
        }
    }

    /// <summary>A map is written "key=value,key2=value2" or as a JSON object of strings.</summary>
    private static bool TryParseMap(string text, out object? value, out string error)
    {
        value = null;
        error = "";
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                var parsed = JsonSerializer.Deserialize<Dictionary<string, string>>(trimmed);
                value = parsed ?? map;
                return true;
            }
            catch (JsonException)
            {
                error = "expected a JSON object of strings, e.g. {\"team\":\"platform\"}";
                return false;
            }
        }

        foreach (var pair in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"expected key=value pairs separated by commas, got '{pair}'";
                return false;
            }

            map[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        value = map;
        return true;
    }
}
