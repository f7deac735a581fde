using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Replaces the repeating strings of a decoded object with the <see cref="StringPool"/>'s instances,
/// in place, before the object is cached. Values are unchanged: only which instance holds them.
/// </summary>
public static class PooledStrings
{
    /// <summary>
    /// The object's apiVersion and kind and the metadata fields that repeat across objects: namespace,
    /// generateName, label and annotation keys and short values, finalizers, owner references' apiVersion
    /// and kind. Names, UIDs and resourceVersions are left alone: they do not repeat.
    /// </summary>
    public static void InObject(IKubernetesObject<V1ObjectMeta> obj, StringPool pool)
    {
        obj.ApiVersion = pool.Intern(obj.ApiVersion);
        obj.Kind = pool.Intern(obj.Kind);
        if (obj.Metadata is not { } meta)
        {
            return;
        }

        meta.NamespaceProperty = pool.Intern(meta.NamespaceProperty);
        meta.GenerateName = pool.Intern(meta.GenerateName);
        meta.Labels = InMap(meta.Labels, pool);
        meta.Annotations = InMap(meta.Annotations, pool);
        InList(meta.Finalizers, pool);
        foreach (var owner in meta.OwnerReferences ?? [])
        {
            owner.ApiVersion = pool.Intern(owner.ApiVersion);
            owner.Kind = pool.Intern(owner.Kind);
        }
    }

    /// <summary>A map with pooled keys and values (values longer than <see cref="StringPool.MaxLength"/> kept as they are).</summary>
    public static IDictionary<string, string>? InMap(IDictionary<string, string>? map, StringPool pool)
    {
        if (map is null || map.Count == 0)
        {
            return map;
        }

        // Keys cannot be replaced in place; a map sized to its entries is also smaller than the decoder's.
        var pooled = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            pooled[pool.Intern(key)] = pool.Intern(value);
        }

        return pooled;
    }

    /// <summary>Pools the strings of <paramref name="list"/> in place.</summary>
    public static void InList(IList<string>? list, StringPool pool)
    {
        if (list is null)
        {
            return;
        }

        for (var i = 0; i < list.Count; i++)
        {
            list[i] = pool.Intern(list[i]);
        }
    }
}
