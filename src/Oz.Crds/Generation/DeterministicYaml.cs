using System.Text.Json.Nodes;
using k8s;
using YamlDotNet.Serialization;

namespace Oz.Crds.Generation;

/// <summary>
/// Writes a Kubernetes object as YAML that is the same byte for byte on every run and machine:
/// the object goes through KubernetesJson (the client's own names, nulls omitted), then every
/// mapping is written with its keys in ordinal order, LF line ends and one trailing newline.
/// </summary>
internal static class DeterministicYaml
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .DisableAliases()
        .WithNewLine("\n")
        .Build();

    public static string Serialize(object kubernetesObject)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(kubernetesObject));
        var yaml = Serializer.Serialize(ToPlain(json));
        return yaml.EndsWith('\n') ? yaml : yaml + "\n";
    }

    private static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new SortedDictionary<string, object?>(
            obj.Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => ToPlain(pair.Value)),
            StringComparer.Ordinal),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => Scalar(value),
        _ => throw new NotSupportedException($"Unexpected JSON node {node.GetType()}."),
    };

    private static object Scalar(JsonValue value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => value.GetValue<string>(),
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        System.Text.Json.JsonValueKind.Number when value.TryGetValue<long>(out var integer) => integer,
        System.Text.Json.JsonValueKind.Number => value.GetValue<double>(),
        var kind => throw new NotSupportedException($"Unexpected JSON value kind {kind}."),
    };
}
