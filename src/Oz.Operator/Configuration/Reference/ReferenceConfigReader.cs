using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration.Reference;

/// <summary>
/// Reads an oz-agent-worker configuration file: each key is translated to its native key and read
/// by the same rules as a native file. Problems found while reading a value are named by the
/// reference key the user wrote (backend.kubernetes.active_deadline_seconds), not the native one.
/// </summary>
public static class ReferenceConfigReader
{
    public static OperatorOptions Read(
        YamlMappingNode root,
        OperatorOptions options,
        ICollection<ConfigurationError> errors,
        IDictionary<string, ValueOrigin> origins)
    {
        foreach (var entry in ReferenceConfigTranslator.Translate(root, errors))
        {
            origins[entry.Path] = ValueOrigin.InFile((int)entry.KeyNode.Start.Line, (int)entry.KeyNode.Start.Column);
            var found = new List<ConfigurationError>();
            options = YamlConfigReader.ReadValue(ConfigKeys.Find(entry.Path)!, entry.Value, options, found, origins);
            foreach (var error in found)
            {
                errors.Add(error with { Key = Renamed(error.Key, entry) });
            }
        }

        return options;
    }

    private static string Renamed(string key, NativeEntry entry) =>
        key.StartsWith(entry.Path, StringComparison.Ordinal) ? entry.ReferencePath + key[entry.Path.Length..] : key;
}
