using System.Globalization;
using System.Text.Json;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
            case ConfigValueKind.NameList:
                value = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return true;
            case ConfigValueKind.Tolerations:
                return TryParseKubernetes<List<V1Toleration>>(text, out value, out error);
            case ConfigValueKind.Resources:
                return TryParseKubernetes<V1ResourceRequirements>(text, out value, out error);
            case ConfigValueKind.PodSpec:
            default:
                error = "can only be set in the configuration file";
                return false;
        }
    }

    /// <summary>
    /// A Kubernetes value written as JSON (or YAML flow style), e.g.
    /// {"limits":{"memory":"4Gi"}}, read with the same field checks as in the file.
    /// </summary>
    private static bool TryParseKubernetes<T>(string text, out object? value, out string error)
        where T : class
    {
        value = null;
        error = "";
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            error = $"expected JSON, got '{text}': {e.InnerException?.Message ?? e.Message}";
            return false;
        }

        if (stream.Documents.Count == 0)
        {
            error = "expected JSON, got nothing";
            return false;
        }

        var errors = new List<ConfigurationError>();
        value = PodSpecYamlConverter.ConvertTo<T>(stream.Documents[0].RootNode, "", errors, new Dictionary<string, ValueOrigin>(StringComparer.Ordinal));
        if (errors.Count > 0 || value is null)
        {
            var first = errors.FirstOrDefault();
            error = first is null ? "expected a value" : $"{(first.Key.Length > 0 ? first.Key.TrimStart('.') + ": " : "")}{first.Message}";
            value = null;
            return false;
        }

        return true;
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
