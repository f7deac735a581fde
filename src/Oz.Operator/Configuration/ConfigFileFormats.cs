using Oz.Operator.Configuration.Reference;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration;

/// <summary>
/// Tells the two file formats apart. A file is an oz-agent-worker file when one of its top-level
/// keys exists only there (worker_id, max_concurrent_tasks, idle_on_complete, backend, one_shot);
/// `cleanup` is the same in both and decides nothing. A file with keys only one format knows from
/// both formats is refused, naming them: half of it would otherwise be silently misread.
/// </summary>
public static class ConfigFileFormats
{
    /// <summary>The names accepted by --config-format.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "native", "reference"];

    public static bool TryParse(string? text, out ConfigFileFormat format)
    {
        format = ConfigFileFormat.Auto;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return true;
            case "native":
                format = ConfigFileFormat.Native;
                return true;
            case "reference" or "oz-agent-worker":
                format = ConfigFileFormat.Reference;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The format to read <paramref name="root"/> with, or null after reporting a mixed file.</summary>
    public static ConfigFileFormat? Resolve(YamlMappingNode root, ConfigFileFormat requested, ICollection<ConfigurationError> errors)
    {
        if (requested != ConfigFileFormat.Auto)
        {
            return requested;
        }

        var names = root.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "").ToList();
        var reference = names.Where(ReferenceConfigKeys.TopLevelOnly.Contains).ToList();
        if (reference.Count == 0)
        {
            return ConfigFileFormat.Native;
        }

        var native = names.Where(name => name != "cleanup" && (ConfigKeys.Find(name) is not null || ConfigKeys.Sections.Contains(name))).ToList();
        if (native.Count > 0)
        {
            errors.Add(new ConfigurationError(
                YamlConfigReader.FileKey,
                $"mixes the oz-agent-worker format ({string.Join(", ", reference)}) with this operator's format ({string.Join(", ", native)}); " +
                "write the file in one of them ('oz-operator config convert FILE' prints an oz-agent-worker file in this operator's format)",
                (int)root.Start.Line,
                (int)root.Start.Column));
            return null;
        }

        return ConfigFileFormat.Reference;
    }
}
