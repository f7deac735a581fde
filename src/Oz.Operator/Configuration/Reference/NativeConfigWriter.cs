using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration.Reference;

/// <summary>
/// Writes an oz-agent-worker configuration file in this operator's format (what `oz-operator
/// config convert` prints). Values are copied as written, so comments aside the result reads the
/// same: environment entries without a value still inherit from the operator's environment.
/// </summary>
public static class NativeConfigWriter
{
    public static string Convert(YamlMappingNode root, ICollection<ConfigurationError> errors)
    {
        var native = new YamlMappingNode();
        var sections = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        foreach (var entry in ReferenceConfigTranslator.Translate(root, errors))
        {
            // "taskPod.nodeSelector" is written as nodeSelector inside a taskPod section.
            var dot = entry.Path.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                native.Add(new YamlScalarNode(entry.Path), entry.Value);
                continue;
            }

            var name = entry.Path[..dot];
            if (!sections.TryGetValue(name, out var section))
            {
                section = new YamlMappingNode();
                sections[name] = section;
                native.Add(new YamlScalarNode(name), section);
            }

            section.Add(new YamlScalarNode(entry.Path[(dot + 1)..]), entry.Value);
        }

        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(native)).Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlStream ends every document with "...": a single-document file does not need it.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
