using Oz.Operator.Kubernetes;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary>
/// AgentTasks the bridge created and then rejected (key → uid). The rejection was Oz's answer, so
/// the Cancelled status the controller writes while deleting such a task is recorded as answered,
/// never reported.
/// </summary>
/// <remarks>
/// Process-local, and only a backstop: before deleting a rejected task the bridge writes
/// <c>status.reportedToOz</c> on it, which every replica and every restart sees. This record
/// matters only when that write failed; it is keyed by uid, so a newer task of the same name is
/// never mistaken for the rejected one. It is lost on a restart or a change of leader only together
/// with the failed write's leftover task, which then still sits at its start gate unreported; the
/// next redelivery of the assignment finds it and removes it (marking it answered first).
/// </remarks>
public sealed class RejectedTasks
{
    private readonly Lock _sync = new();
    private readonly Dictionary<ObjectKey, string> _uids = [];

    public void Add(ObjectKey key, string uid)
    {
        lock (_sync)
        {
            _uids[key] = uid;
        }
    }

    public bool Contains(ObjectKey key, string? uid)
    {
        lock (_sync)
        {
            return uid is not null && _uids.TryGetValue(key, out var rejected) && rejected == uid;
        }
    }

    public void Remove(ObjectKey key)
    {
        lock (_sync)
        {
            _uids.Remove(key);
        }
    }
}
