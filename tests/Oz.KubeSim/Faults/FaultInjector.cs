using Oz.KubeSim.Store;

namespace Oz.KubeSim.Faults;

/// <summary>Faults on demand: failing a fraction of requests, added latency, dropped watches, compaction.</summary>
public sealed class FaultInjector(ObjectStore store)
{
    /// <summary>Fraction (0..1) of requests answered 500 InternalError.</summary>
    public double ServerErrorRate { get; set; }

    /// <summary>Fraction (0..1) of requests answered 429 TooManyRequests with Retry-After.</summary>
    public double ThrottleRate { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>Latency added to every request.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Only requests this predicate accepts (verb, resource) get error faults; all when null.</summary>
    public Func<string, string, bool>? Applies { get; set; }

    /// <summary>
    /// Ends every open API watch stream now; clients see the stream close and must resume. The
    /// simulator's own controllers keep watching, as kube-controller-manager would through an API blip.
    /// </summary>
    public int DropWatches() => store.CloseApiWatchers();

    /// <summary>Forgets watch history so resuming from any older resourceVersion gets 410 Gone.</summary>
    public void Compact() => store.Compact();

    public void Reset()
    {
        ServerErrorRate = 0;
        ThrottleRate = 0;
        Latency = TimeSpan.Zero;
        Applies = null;
    }

    internal int? PickFailure(string verb, string resource)
    {
        if ((ServerErrorRate <= 0 && ThrottleRate <= 0) || (Applies is not null && !Applies(verb, resource)))
        {
            return null;
        }

        var roll = Random.Shared.NextDouble();
        return roll < ServerErrorRate ? 500 : roll < ServerErrorRate + ThrottleRate ? 429 : null;
    }
}
