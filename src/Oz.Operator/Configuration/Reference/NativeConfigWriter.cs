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
        foreach (var entry in ReferenceConfigTranslator.Translate(root, errors))
        {
            native.Add(new YamlScalarNode(entry.Path), entry.Value);
        }

        var writer = new StringWriter { NewLine = "\n" };
        new YamlStream(new YamlDocument(native)).Save(writer, assignAnchors: false);
        var text = writer.ToString();

        // YamlStream ends every document with "...": a single-document file does not need it.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }
}
