using Oz.Operator.Kubernetes;
using Oz.Operator.OzWorker.Connection;

namespace Oz.Operator.OzWorker.Reporting;

/// <summary>
/// The open connection reports go to, and which reports were written to it and not yet proven
/// delivered (by task uid). A connection that ends takes its unproven reports with it: they are
/// sent again on the next one.
/// </summary>
/// <remarks>
/// Process-local, and safe to lose: it only prevents sending a report twice on one connection.
/// After a restart or a change of leader it is empty, and a terminal task without
/// <c>status.reportedToOz</c> is simply sent again — a copy of the same terminal state (docs/oz.md,
/// "Reports, their confirmation and duplicates"), counted in <c>oz_operator_oz_report_resends_total</c>.
/// </remarks>
public sealed class ReportDeliveries
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, Delivery> _byUid = new(StringComparer.Ordinal);
    private IReportChannel? _channel;
    private long _session;

    /// <summary>Raised with the key of each report that a newly arrived pong may have proven delivered.</summary>
    public event Action<ObjectKey>? MayBeDelivered;

    /// <summary>Reports go to <paramref name="channel"/> from now on.</summary>
    public void Attach(IReportChannel channel)
    {
        lock (_sync)
        {
            _channel = channel;
            _session++;
        }

        channel.Delivered += OnDelivered;
    }

    /// <summary><paramref name="channel"/> is closed: no report goes anywhere until the next <see cref="Attach"/>.</summary>
    public void Detach(IReportChannel channel)
    {
        channel.Delivered -= OnDelivered;
        lock (_sync)
        {
            if (ReferenceEquals(_channel, channel))
            {
                _channel = null;
            }
        }
    }

    /// <summary>What to do about the report of task <paramref name="uid"/> now.</summary>
    public DeliveryPlan Plan(string uid)
    {
        lock (_sync)
        {
            _byUid.TryGetValue(uid, out var prior);
            if (_channel is null)
            {
                return DeliveryPlan.NotConnected;
            }

            if (prior is not null && prior.Session == _session)
            {
                return _channel.IsDelivered(prior.Mark) ? DeliveryPlan.Delivered : DeliveryPlan.AwaitingProof;
            }

            return new DeliveryPlan(DeliveryStep.Send, _channel, _session, Resend: prior is not null);
        }
    }

    /// <summary>Records that the report of <paramref name="uid"/> went out on the plan's connection as <paramref name="mark"/>.</summary>
    public void Sent(ObjectKey key, string uid, DeliveryPlan plan, long mark)
    {
        lock (_sync)
        {
            _byUid[uid] = new Delivery(key, plan.Session, mark);
        }
    }

    /// <summary>The task's report is recorded on the task (or the task is gone): nothing to remember.</summary>
    public void Forget(string? uid)
    {
        if (uid is null)
        {
            return;
        }

        lock (_sync)
        {
            _byUid.Remove(uid);
        }
    }

    private void OnDelivered()
    {
        List<ObjectKey> keys;
        lock (_sync)
        {
            keys = _byUid.Values.Where(d => d.Session == _session).Select(d => d.Key).ToList();
        }

        foreach (var key in keys)
        {
            MayBeDelivered?.Invoke(key);
        }
    }

    private sealed record Delivery(ObjectKey Key, long Session, long Mark);
}
