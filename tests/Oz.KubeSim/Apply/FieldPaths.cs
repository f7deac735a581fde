using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Oz.KubeSim.Apply;

/// <summary>
/// Field paths as server-side apply names them: elements in FieldsV1 form ("f:spec",
/// "k:{\"name\":\"c\"}", "v:\"x\"") joined by a newline, printed for messages as
/// ".spec.containers[name=\"c\"].image".
/// </summary>
public static class FieldPaths
{
    public const char Separator = '\n';

    // Keys and values are written as Go's encoder writes them: no HTML escaping of '<', '+', '&', ….
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Field(string name) => "f:" + name;

    public static string Key(JsonObject item, IReadOnlyList<string> keys)
    {
        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            key[name] = item[name]?.DeepClone();
        }

        return "k:" + key.ToJsonString(JsonOptions);
    }

    public static string Value(JsonNode? value) => "v:" + (value?.ToJsonString(JsonOptions) ?? "null");

    public static string Child(string path, string element) => path.Length == 0 ? element : path + Separator + element;

    public static string[] Elements(string path) => path.Length == 0 ? [] : path.Split(Separator);

    /// <summary>True when <paramref name="path"/> lies strictly under <paramref name="ancestor"/>.</summary>
    public static bool IsUnder(string path, string ancestor) =>
        path.Length > ancestor.Length && path.StartsWith(ancestor, StringComparison.Ordinal) && path[ancestor.Length] == Separator;

    /// <summary>The path as fieldpath.Path.String() prints it in conflict messages.</summary>
    public static string Display(string path)
    {
        var text = new StringBuilder();
        foreach (var element in Elements(path))
        {
            switch (element[..2])
            {
                case "f:":
                    text.Append('.').Append(element[2..]);
                    break;
                case "k:":
                    var key = JsonNode.Parse(element[2..])!.AsObject();
                    text.Append('[').AppendJoin(",", key.Select(p => $"{p.Key}={p.Value?.ToJsonString(JsonOptions) ?? "null"}")).Append(']');
                    break;
                case "v:":
                    text.Append("[=").Append(element[2..]).Append(']');
                    break;
                default:
                    text.Append('[').Append(element[2..]).Append(']');
                    break;
            }
        }

        return text.ToString();
    }
}
