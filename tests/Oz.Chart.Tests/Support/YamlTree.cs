using System.Globalization;
using System.Text;
using YamlDotNet.Serialization;

namespace Oz.Chart.Tests.Support;

/// <summary>
/// Untyped YAML (maps, lists, scalars as strings) for comparing what the chart renders with what
/// the values say, independent of key order and quoting style.
/// </summary>
internal static class YamlTree
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static Dictionary<object, object?> LoadMap(string yaml) =>
        Deserializer.Deserialize<Dictionary<object, object?>>(yaml) ?? [];

    public static Dictionary<object, object?> LoadMapFile(string path) => LoadMap(File.ReadAllText(path));

    /// <summary>The value at a path of keys, or null when any step is missing.</summary>
    public static object? At(object? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not Dictionary<object, object?> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>A canonical text of a tree: maps with sorted keys, so equal trees give equal text.</summary>
    public static string Canonical(object? node)
    {
        var builder = new StringBuilder();
        Write(node, builder);
        return builder.ToString();
    }

    private static void Write(object? node, StringBuilder builder)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case Dictionary<object, object?> map:
                builder.Append('{');
                foreach (var (key, value) in map.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal))
                {
                    builder.Append(CultureInfo.InvariantCulture, $"{key}:");
                    Write(value, builder);
                    builder.Append(',');
                }

                builder.Append('}');
                break;
            case List<object?> list:
                builder.Append('[');
                foreach (var item in list)
                {
                    Write(item, builder);
                    builder.Append(',');
                }

                builder.Append(']');
                break;
            default:
                builder.Append('"').Append(node.ToString()).Append('"');
                break;
        }
    }
}
