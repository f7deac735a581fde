namespace Oz.KubeSim.Faults;

/// <summary>Faults on demand: failing a fraction of requests, added latency, dropped watches, compaction, malformed watch events.</summary>
public sealed class FaultInjector(ObjectStore store)
{
    private readonly Lock _malformLock = new();
    private int _malformCount;
    private string? _malformResource;

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

    /// <summary>
    /// Serves the next <paramref name="count"/> object events (not bookmarks) of API watches on
    /// <paramref name="resource"/> (any resource when null) malformed: <c>metadata.labels</c> becomes
    /// a string, so the event is valid JSON naming its object but decodes into no Kubernetes type —
    /// as an object written by a newer API version or a broken conversion webhook would.
    /// </summary>
    public void MalformWatchEvents(int count, string? resource = null)
    {
        lock (_malformLock)
        {
            _malformCount = count;
            _malformResource = resource;
        }
    }

    public void Reset()
    {
        MalformWatchEvents(0);
        ServerErrorRate = 0;
        ThrottleRate = 0;
        Latency = TimeSpan.Zero;
        Applies = null;
    }

    /// <summary>True when this watch event of <paramref name="resource"/> is to be served malformed (and counts it).</summary>
    internal bool TakeMalformed(string resource)
    {
        lock (_malformLock)
        {
            if (_malformCount <= 0 || (_malformResource is not null && _malformResource != resource))
            {
                return false;
            }

            _malformCount--;
            return true;
        }
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
