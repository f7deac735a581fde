using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration.Reference;

/// <summary>
/// Turns an oz-agent-worker configuration file into the native keys with the same meaning: a list
/// of (native key, value) pairs whose values are the file's own YAML nodes, so a later error still
/// points at the right line. The early scheduling keys become the taskPod keys; pod_template may be
/// a mapping or a string of PodSpec YAML (as the reference chart writes it).
/// </summary>
public static class ReferenceConfigTranslator
{
    public static IReadOnlyList<NativeEntry> Translate(YamlMappingNode root, ICollection<ConfigurationError> errors)
    {
        var entries = new List<NativeEntry>();
        foreach (var (keyNode, value) in root.Children)
        {
            var name = Name(keyNode);
            if (ReferenceConfigKeys.TopLevel.TryGetValue(name, out var native))
            {
                entries.Add(new NativeEntry(native, name, keyNode, value));
            }
            else if (name == ReferenceConfigKeys.BackendSection)
            {
                TranslateBackend(value, entries, errors);
            }
            else
            {
                errors.Add(Unknown(keyNode, name, ReferenceConfigKeys.TopLevel.Keys.Append(ReferenceConfigKeys.BackendSection)));
            }
        }

        return entries;
    }

    private static void TranslateBackend(YamlNode backend, List<NativeEntry> entries, ICollection<ConfigurationError> errors)
    {
        if (YamlConfigReader.IsNull(backend))
        {
            return;
        }

        if (backend is not YamlMappingNode backends)
        {
            errors.Add(YamlConfigReader.At(backend, ReferenceConfigKeys.BackendSection, "expected a mapping with the kubernetes backend"));
            return;
        }

        foreach (var (keyNode, value) in backends.Children)
        {
            var path = $"{ReferenceConfigKeys.BackendSection}.{Name(keyNode)}";
            if (Name(keyNode) == ReferenceConfigKeys.KubernetesSection)
            {
                TranslateKubernetes(value, path, entries, errors);
            }
            else
            {
                errors.Add(Unknown(keyNode, path, [$"{ReferenceConfigKeys.BackendSection}.{ReferenceConfigKeys.KubernetesSection}"]));
            }
        }
    }

    private static void TranslateKubernetes(YamlNode section, string prefix, List<NativeEntry> entries, ICollection<ConfigurationError> errors)
    {
        if (YamlConfigReader.IsNull(section))
        {
            return;
        }

        if (section is not YamlMappingNode kubernetes)
        {
            errors.Add(YamlConfigReader.At(section, prefix, "expected a mapping of Kubernetes backend keys"));
            return;
        }

        var legacy = new List<(string Name, YamlNode Key, YamlNode Value)>();
        (YamlNode Key, YamlNode Value)? podTemplate = null;
        foreach (var (keyNode, value) in kubernetes.Children)
        {
            var name = Name(keyNode);
            var path = $"{prefix}.{name}";
            if (ReferenceConfigKeys.LegacyScheduling.ContainsKey(name))
            {
                if (!YamlConfigReader.IsNull(value))
                {
                    legacy.Add((name, keyNode, value));
                }
            }
            else if (name == ReferenceConfigKeys.PodTemplate)
            {
                if (PodTemplateNode(value, path, errors) is { } parsed)
                {
                    podTemplate = (keyNode, parsed);
                }
            }
            else if (ReferenceConfigKeys.Kubernetes.TryGetValue(name, out var native))
            {
                entries.Add(new NativeEntry(native, path, keyNode, value));
            }
            else
            {
                errors.Add(Unknown(keyNode, path, ReferenceConfigKeys.Kubernetes.Keys.Concat(ReferenceConfigKeys.LegacyScheduling.Keys).Select(k => $"{prefix}.{k}")));
            }
        }

        if (podTemplate is { } given && legacy.Count > 0)
        {
            var names = string.Join(", ", legacy.Select(l => l.Name));
            var fields = string.Join(", ", legacy.Select(l => ReferenceConfigKeys.LegacyScheduling[l.Name]));
            errors.Add(YamlConfigReader.At(
                given.Key,
                $"{prefix}.{ReferenceConfigKeys.PodTemplate}",
                $"cannot be combined with {names}; move them into pod_template ({fields})"));
            return;
        }

        if (podTemplate is { } template)
        {
            entries.Add(new NativeEntry("podTemplate", $"{prefix}.{ReferenceConfigKeys.PodTemplate}", template.Key, template.Value));
        }

        foreach (var (name, key, value) in legacy)
        {
            entries.Add(new NativeEntry(ReferenceConfigKeys.LegacySchedulingNative[name], $"{prefix}.{name}", key, LegacySchedulingValue.Translate(name, value, $"{prefix}.{name}", errors)));
        }
    }

    /// <summary>The pod template as a node: a mapping as written, or the parsed text of a string.</summary>
    private static YamlNode? PodTemplateNode(YamlNode value, string path, ICollection<ConfigurationError> errors)
    {
        if (YamlConfigReader.IsNull(value))
        {
            return null;
        }

        if (value is not YamlScalarNode { Value: { } text })
        {
            return value;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            errors.Add(YamlConfigReader.At(value, path, $"the pod template string is not valid YAML: {e.InnerException?.Message ?? e.Message}"));
            return null;
        }

        if (stream.Documents.Count == 0 || YamlConfigReader.IsNull(stream.Documents[0].RootNode))
        {
            return null;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode template)
        {
            errors.Add(YamlConfigReader.At(value, path, "expected PodSpec YAML (a mapping such as 'nodeSelector: ...')"));
            return null;
        }

        return template;
    }

    private static ConfigurationError Unknown(YamlNode keyNode, string path, IEnumerable<string> known)
    {
        if (ReferenceConfigKeys.Refused.TryGetValue(path, out var why))
        {
            return YamlConfigReader.At(keyNode, path, why);
        }

        var suggestion = KeySuggestions.Suggest(path, known);
        return YamlConfigReader.At(keyNode, path, suggestion is null ? "unknown key" : $"unknown key; did you mean {suggestion}?");
    }

    internal static string Name(YamlNode keyNode) => ((keyNode as YamlScalarNode)?.Value ?? keyNode.ToString()) is { Length: > 0 } name ? name : YamlConfigReader.EmptyKey;
}
