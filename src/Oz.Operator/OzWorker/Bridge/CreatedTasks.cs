using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary>
/// AgentTasks this bridge created that the watch has not delivered yet (key → task id), so that a
/// cancellation or a capacity check in that moment still sees them.
/// </summary>
/// <remarks>
/// Process-local by design, and it cannot go wrong across a restart or a change of leader: it only
/// bridges the gap between a create and its watch event, and the bridge connects only after the
/// AgentTask cache has synced, when every task created earlier is in the cache anyway. An entry is
/// dropped as soon as the cache shows its task.
/// </remarks>
public sealed class CreatedTasks(IObjectCache<AgentTask> cache)
{
    private readonly Lock _sync = new();
    private readonly Dictionary<ObjectKey, string> _taskIds = [];

    public void Add(ObjectKey key, string taskId)
    {
        lock (_sync)
        {
            _taskIds[key] = taskId;
        }
    }

    public void Remove(ObjectKey key)
    {
        lock (_sync)
        {
            _taskIds.Remove(key);
        }
    }

    public bool Contains(ObjectKey key)
    {
        lock (_sync)
        {
            return _taskIds.ContainsKey(key);
        }
    }

    /// <summary>The keys created for Oz task <paramref name="taskId"/> (any execution).</summary>
    public IReadOnlyList<ObjectKey> KeysOf(string taskId)
    {
        lock (_sync)
        {
            return [.. _taskIds.Where(e => e.Value == taskId).Select(e => e.Key)];
        }
    }

    /// <summary>How many created tasks the cache does not show yet; forgets the ones it shows.</summary>
    public int NotYetCached()
    {
        lock (_sync)
        {
            foreach (var key in _taskIds.Keys.Where(k => cache.Get(k) is not null).ToList())
            {
                _taskIds.Remove(key);
            }

            return _taskIds.Count;
        }
    }
}
