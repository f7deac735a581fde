using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// The client's JSON options (<see cref="ClientJson"/>) decoding only the parts of an object some reader
/// uses: the properties left out are skipped by the reader as unknown fields are, with nothing built
/// for them. <c>metadata.managedFields</c> is always left out: nothing in the operator reads it, and
/// its free-form <c>fieldsV1</c> is decoded as a JSON document, a quarter of an answer's decode.
/// </summary>
/// <remarks>For decoding only: what is left out would also be left out of anything written with these options.</remarks>
public static class ClientJsonSubset
{
    /// <summary>Everything but <c>metadata.managedFields</c>.</summary>
    public static JsonSerializerOptions WithoutManagedFields { get; } = Keeping(new Dictionary<Type, string[]>());

    /// <summary>
    /// Of each model in <paramref name="kept"/>, only the named JSON properties; of every other model,
    /// everything (but managedFields).
    /// </summary>
    public static JsonSerializerOptions Keeping(IReadOnlyDictionary<Type, string[]> kept)
    {
        var keptByType = kept.ToFrozenDictionary(pair => pair.Key, pair => pair.Value.ToFrozenSet(StringComparer.Ordinal));
        var client = ClientJson.Options;
        // Asking for metadata locks the options and fills in the resolver they were left without.
        _ = client.GetTypeInfo(typeof(V1ObjectMeta));
        var resolver = client.TypeInfoResolver ?? throw new InvalidOperationException("the client's JSON options have no type resolver");
        return new JsonSerializerOptions(client)
        {
            TypeInfoResolver = resolver.WithAddedModifier(info =>
            {
                if (info.Type == typeof(V1ObjectMeta))
                {
                    RemoveWhere(info, name => name == "managedFields");
                }
                else if (keptByType.TryGetValue(info.Type, out var names))
                {
                    RemoveWhere(info, name => !names.Contains(name));
                }
            }),
        };
    }

    private static void RemoveWhere(JsonTypeInfo info, Func<string, bool> leftOut)
    {
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (leftOut(info.Properties[i].Name))
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
