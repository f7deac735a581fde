using System.Collections.Concurrent;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// Remembers the AgentTasks this process just wrote, until the cache shows them. The watch lags
/// behind our own writes; a reconcile in that window would otherwise decide on the old version,
/// write again and fail the resourceVersion precondition (a 409 and a retry for nothing).
/// A cached version the process itself replaced is answered with the newer object it got back;
/// any other version (the cache caught up, or someone else wrote) is taken as it is.
/// </summary>
public sealed class WrittenTasks
{
    private readonly ConcurrentDictionary<ObjectKey, Entry> entries = new();

    /// <summary>The freshest known version of a cached task.</summary>
    public AgentTask Freshest(AgentTask cached)
    {
        var key = ObjectKey.Of(cached);
        if (entries.TryGetValue(key, out var entry))
        {
            if (entry.Replaced.Contains(cached.Metadata.ResourceVersion ?? ""))
            {
                return entry.Fresh;
            }

            entries.TryRemove(new KeyValuePair<ObjectKey, Entry>(key, entry));
        }

        return cached;
    }

    /// <summary>Records that <paramref name="before"/> was replaced by <paramref name="after"/>.</summary>
    public void Wrote(AgentTask before, AgentTask after)
    {
        var key = ObjectKey.Of(before);
        entries.AddOrUpdate(
            key,
            _ => new Entry([before.Metadata.ResourceVersion ?? ""], after),
            (_, old) => new Entry(old.Fresh.Metadata.ResourceVersion == before.Metadata.ResourceVersion ? [.. old.Replaced, before.Metadata.ResourceVersion ?? ""] : [before.Metadata.ResourceVersion ?? ""], after));
    }

    public void Forget(ObjectKey key) => entries.TryRemove(key, out _);

    private sealed record Entry(IReadOnlyCollection<string> Replaced, AgentTask Fresh);
}
