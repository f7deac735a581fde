using k8s.Models;
using Oz.Operator.Configuration.Reference;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration;

/// <summary>
/// Reads the configuration file strictly: every key must be known, every value must have its
/// key's type, and each problem is reported with its key path and line:column. Values that do
/// parse are applied even when others do not, so one run lists every problem.
/// </summary>
public static class YamlConfigReader
{
    /// <summary>The key of errors about the file as a whole (not YAML, not a mapping).</summary>
    public const string FileKey = "(file)";

    /// <summary>How an empty key is named in errors.</summary>
    internal const string EmptyKey = "\"\"";

    public static OperatorOptions Read(
        string text,
        OperatorOptions options,
        ICollection<ConfigurationError> errors,
        IDictionary<string, ValueOrigin> origins,
        ConfigFileFormat format = ConfigFileFormat.Auto)
    {
        if (YamlRecursiveAliases.Find(text) is { } alias)
        {
            errors.Add(new ConfigurationError(FileKey, "not valid YAML: an alias refers to the node that contains it", (int)alias.Line, (int)alias.Column));
            return options;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(new ConfigurationError(FileKey, $"not valid YAML: {Describe(e)}", (int)e.Start.Line, (int)e.Start.Column));
            return options;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet throws these, not YamlException, on some malformed input (an event its
            // representation model does not expect, a scanner state it does not handle).
            errors.Add(new ConfigurationError(FileKey, "not valid YAML: the parser could not read the file's structure"));
            return options;
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return options;
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            errors.Add(new ConfigurationError(FileKey, "expected one YAML document, found several", (int)second.Line, (int)second.Column));
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            var start = stream.Documents[0].RootNode.Start;
            errors.Add(new ConfigurationError(FileKey, "expected a mapping of configuration keys at the top level", (int)start.Line, (int)start.Column));
            return options;
        }

        return ConfigFileFormats.Resolve(root, format, errors) switch
        {
            ConfigFileFormat.Reference => ReferenceConfigReader.Read(root, options, errors, origins),
            ConfigFileFormat.Native => ReadMapping(root, "", options, errors, origins),
            _ => options,
        };
    }

    private static OperatorOptions ReadMapping(
        YamlMappingNode mapping,
        string prefix,
        OperatorOptions options,
        ICollection<ConfigurationError> errors,
        IDictionary<string, ValueOrigin> origins)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = keyNode is YamlScalarNode scalarKey ? scalarKey.Value ?? "" : keyNode.ToString();
            if (name.Length == 0)
            {
                // An empty key (": value") must still be named in its error.
                name = EmptyKey;
            }

            var path = prefix + name;
            var keyOrigin = ValueOrigin.InFile((int)keyNode.Start.Line, (int)keyNode.Start.Column);
            origins[path] = keyOrigin;

            if (prefix.Length == 0 && ConfigKeys.Sections.Contains(name))
            {
                if (valueNode is YamlMappingNode section)
                {
                    options = ReadMapping(section, path + ".", options, errors, origins);
                }
                else if (!IsNull(valueNode))
                {
                    errors.Add(At(valueNode, path, "expected a mapping of keys"));
                }

                continue;
            }

            var key = ConfigKeys.Find(path);
            if (key is null)
            {
                var suggestion = KeySuggestions.Suggest(path, ConfigKeys.All.Select(k => k.Path).Concat(ConfigKeys.Sections));
                errors.Add(keyOrigin.Error(path, suggestion is null ? "unknown key" : $"unknown key; did you mean {suggestion}?"));
                continue;
            }

            options = ReadValue(key, valueNode, options, errors, origins);
        }

        return options;
    }

    /// <summary>Applies one value to a known key; the reference-format reader hands its translated keys in here.</summary>
    internal static OperatorOptions ReadValue(
        ConfigKey key,
        YamlNode node,
        OperatorOptions options,
        ICollection<ConfigurationError> errors,
        IDictionary<string, ValueOrigin> origins)
    {
        if (IsNull(node))
        {
            // An empty value keeps the default; for optional keys it also clears what a lower
            // layer (there is none below the file but the defaults) could have set.
            return key.Nullable ? key.Apply(options, null) : options;
        }

        switch (key.Kind)
        {
            case ConfigValueKind.EnvList:
                var variables = TaskEnvVarsYaml.Read(node, key.Path, errors, origins);
                return variables is null ? options : key.Apply(options, variables);
            case ConfigValueKind.PodSpec:
                var podSpec = PodSpecYamlConverter.Convert(node, key.Path, errors, origins);
                return podSpec is null ? options : key.Apply(options, podSpec);
            case ConfigValueKind.Resources:
                var resources = PodSpecYamlConverter.ConvertTo<V1ResourceRequirements>(node, key.Path, errors, origins);
                return resources is null ? options : key.Apply(options, resources);
            case ConfigValueKind.Tolerations:
                var tolerations = PodSpecYamlConverter.ConvertTo<List<V1Toleration>>(node, key.Path, errors, origins);
                return tolerations is null ? options : key.Apply(options, tolerations);
            case ConfigValueKind.NameList:
                var names = ReadNames(node, key.Path, errors);
                return names is null ? options : key.Apply(options, names);
            case ConfigValueKind.StringMap:
                if (node is not YamlMappingNode mapping)
                {
                    errors.Add(At(node, key.Path, "expected a mapping of strings to strings"));
                    return options;
                }

                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (entryKey, entryValue) in mapping.Children)
                {
                    var entryName = ((entryKey as YamlScalarNode)?.Value) ?? "";
                    var entryPath = $"{key.Path}[\"{entryName}\"]";
                    origins[entryPath] = ValueOrigin.InFile((int)entryKey.Start.Line, (int)entryKey.Start.Column);
                    if (entryValue is YamlScalarNode scalarValue)
                    {
                        map[entryName] = IsNull(scalarValue) ? "" : scalarValue.Value ?? "";
                    }
                    else
                    {
                        errors.Add(At(entryValue, entryPath, "expected a string value"));
                    }
                }

                return key.Apply(options, map);
            default:
                if (node is not YamlScalarNode scalar)
                {
                    errors.Add(At(node, key.Path, $"expected a single value ({Expected(key.Kind)}), got a {(node is YamlSequenceNode ? "list" : "mapping")}"));
                    return options;
                }

                if (!ConfigValueParser.TryParse(key.Kind, scalar.Value ?? "", out var value, out var error))
                {
                    errors.Add(At(node, key.Path, error));
                    return options;
                }

                try
                {
                    return key.Apply(options, value);
                }
                catch (OverflowException)
                {
                    errors.Add(At(node, key.Path, $"value {scalar.Value} is out of range"));
                    return options;
                }
        }
    }

    /// <summary>A list of names, each a string or (as in a PodSpec's imagePullSecrets) a mapping with only a name.</summary>
    private static List<string>? ReadNames(YamlNode node, string path, ICollection<ConfigurationError> errors)
    {
        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(At(node, path, "expected a list of names"));
            return null;
        }

        var names = new List<string>();
        var errorCount = errors.Count;
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var itemPath = $"{path}[{index++}]";
            if (item is YamlScalarNode { Value: { Length: > 0 } name } && !IsNull(item))
            {
                names.Add(name);
            }
            else if (item is YamlMappingNode mapping && mapping.Children.Count == 1
                && mapping.Children.Single() is { Key: YamlScalarNode { Value: "name" }, Value: YamlScalarNode { Value: { Length: > 0 } named } })
            {
                names.Add(named);
            }
            else
            {
                errors.Add(At(item, itemPath, "expected a name, or a mapping with only a name"));
            }
        }

        return errors.Count > errorCount ? null : names;
    }

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar &&
        scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    internal static ConfigurationError At(YamlNode node, string path, string message) =>
        new(path, message, (int)node.Start.Line, (int)node.Start.Column);

    private static string Expected(ConfigValueKind kind) => kind switch
    {
        ConfigValueKind.Integer => "an integer",
        ConfigValueKind.Boolean => "true or false",
        ConfigValueKind.Duration => "a duration",
        _ => "a string",
    };

    private static string Describe(YamlException e)
    {
        // YamlDotNet prefixes messages with the position, which the error already carries.
        var message = e.InnerException?.Message ?? e.Message;
        var close = message.IndexOf("): ", StringComparison.Ordinal);
        return message.StartsWith('(') && close > 0 ? message[(close + 3)..] : message;
    }
}
