using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration.Reference;

/// <summary>
/// Builds the pod template that the reference's early scheduling keys stand for: node_selector →
/// nodeSelector, tolerations → tolerations (toleration_seconds → tolerationSeconds), resources →
/// the task container's resources, service_account → serviceAccountName, image_pull_secret → one
/// imagePullSecrets entry, termination_grace_period_seconds → terminationGracePeriodSeconds.
/// Values keep their YAML nodes, so the PodSpec reader still reports problems at their lines.
/// </summary>
internal static class LegacyPodSpec
{
    public static YamlMappingNode Build(IEnumerable<(string Name, YamlNode Key, YamlNode Value)> keys, string prefix, ICollection<ConfigurationError> errors)
    {
        var spec = new YamlMappingNode();
        foreach (var (name, _, value) in keys)
        {
            switch (name)
            {
                case "node_selector":
                    spec.Add("nodeSelector", value);
                    break;
                case "tolerations":
                    spec.Add("tolerations", Tolerations(value, $"{prefix}.{name}", errors));
                    break;
                case "resources":
                    spec.Add("containers", new YamlSequenceNode(new YamlMappingNode(
                        new YamlScalarNode("name"), new YamlScalarNode("task"),
                        new YamlScalarNode("resources"), value)));
                    break;
                case "service_account":
                    spec.Add("serviceAccountName", value);
                    break;
                case "image_pull_secret":
                    spec.Add("imagePullSecrets", new YamlSequenceNode(new YamlMappingNode(new YamlScalarNode("name"), value)));
                    break;
                case "termination_grace_period_seconds":
                    spec.Add("terminationGracePeriodSeconds", value);
                    break;
            }
        }

        return spec;
    }

    private static YamlNode Tolerations(YamlNode value, string path, ICollection<ConfigurationError> errors)
    {
        if (value is not YamlSequenceNode list)
        {
            return value; // the PodSpec reader says "expected a list" at this node
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
