using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration.Reference;

/// <summary>
/// The value of an early scheduling key as its taskPod key reads it: image_pull_secret (one name)
/// becomes a list of one, tolerations get their Kubernetes field names (toleration_seconds →
/// tolerationSeconds); the others are the same already. Values keep their YAML nodes, so later
/// problems are still reported at their lines.
/// </summary>
internal static class LegacySchedulingValue
{
    public static YamlNode Translate(string name, YamlNode value, string path, ICollection<ConfigurationError> errors) => name switch
    {
        "image_pull_secret" when value is YamlScalarNode => new YamlSequenceNode(value),
        "tolerations" => Tolerations(value, path, errors),
        _ => value,
    };

    private static YamlNode Tolerations(YamlNode value, string path, ICollection<ConfigurationError> errors)
    {
        if (value is not YamlSequenceNode list)
        {
            return value; // the tolerations reader says "expected a list" at this node
        }

        var converted = new YamlSequenceNode();
        var index = 0;
        foreach (var item in list.Children)
        {
            var itemPath = $"{path}[{index++}]";
            if (item is not YamlMappingNode toleration)
            {
                converted.Add(item);
                continue;
            }

            var fields = new YamlMappingNode();
            foreach (var (keyNode, fieldValue) in toleration.Children)
            {
                var field = ReferenceConfigTranslator.Name(keyNode);
                if (ReferenceConfigKeys.Toleration.TryGetValue(field, out var kubernetesField))
                {
                    fields.Add(kubernetesField, fieldValue);
                }
                else
                {
                    var suggestion = KeySuggestions.Suggest(field, ReferenceConfigKeys.Toleration.Keys);
                    errors.Add(YamlConfigReader.At(keyNode, $"{itemPath}.{field}", suggestion is null ? "unknown key" : $"unknown key; did you mean {suggestion}?"));
                }
            }

            converted.Add(fields);
        }

        return converted;
    }
}
