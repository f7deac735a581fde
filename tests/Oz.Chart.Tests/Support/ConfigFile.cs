namespace Oz.Chart.Tests.Support;

/// <summary>The operator config file (config.yaml) in the chart's ConfigMap, parsed as YAML.</summary>
internal sealed class ConfigFile(Dictionary<object, object?> root)
{
    public Dictionary<object, object?> Root { get; } = root;

    public IEnumerable<string> Keys => Root.Keys.Select(k => k.ToString()!);

    public static ConfigFile Of(RenderedChart chart) => new(YamlTree.LoadMap(chart.ConfigMap.Data["config.yaml"]));

    /// <summary>The scalar at a key path as text, or null when absent.</summary>
    public string? Get(params string[] path) => YamlTree.At(Root, path)?.ToString();

    public object? Node(params string[] path) => YamlTree.At(Root, path);
}
