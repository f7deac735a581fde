using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration;

/// <summary>Reads the YAML form of a task environment list: <c>- name: X</c> with an optional <c>value</c>.</summary>
internal static class TaskEnvVarsYaml
{
    public static IReadOnlyList<TaskEnvVar>? Read(YamlNode node, string path, ICollection<ConfigurationError> errors, IDictionary<string, ValueOrigin> origins)
    {
        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(YamlConfigReader.At(node, path, "expected a list of {name, value} entries"));
            return null;
        }

        var errorCount = errors.Count;
        var variables = new List<TaskEnvVar>();
        var index = 0;
        foreach (var item in sequence.Children)
        {
            var itemPath = $"{path}[{index++}]";
            origins[itemPath] = ValueOrigin.InFile((int)item.Start.Line, (int)item.Start.Column);
            if (item is not YamlMappingNode entry)
            {
                errors.Add(YamlConfigReader.At(item, itemPath, "expected a mapping with name and an optional value"));
                continue;
            }

            string? name = null;
            string? value = null;
            foreach (var (keyNode, valueNode) in entry.Children)
            {
                var field = (keyNode as YamlScalarNode)?.Value ?? "";
                if (valueNode is not YamlScalarNode scalar)
                {
                    errors.Add(YamlConfigReader.At(valueNode, $"{itemPath}.{field}", "expected a single value"));
                    continue;
                }

                switch (field)
                {
                    case "name":
                        name = scalar.Value;
                        break;
                    case "value":
                        value = YamlConfigReader.IsNull(scalar) ? null : scalar.Value ?? "";
                        break;
                    default:
                        errors.Add(YamlConfigReader.At(keyNode, $"{itemPath}.{field}", "unknown key; an entry has name and value"));
                        break;
                }
            }

            if (TaskEnvVars.Problem(name) is { } problem)
            {
                errors.Add(YamlConfigReader.At(item, $"{itemPath}.name", problem));
                continue;
            }

            variables.Add(new TaskEnvVar(name!, value));
        }

        return errors.Count > errorCount ? null : variables;
    }
}
