using System.Threading.Channels;

namespace Oz.KubeSim.Store;

/// <summary>
/// One open watch: a bounded queue of events filled by writers without blocking. A watcher that
/// falls too far behind is closed, as a real API server drops slow watchers.
/// </summary>
public sealed class Watcher
{
    private readonly Channel<WatchEvent> _channel;

    public Watcher(ResourceType type, string? ns, Func<StoredObject, bool> matches, bool bookmarks, int capacity)
    {
        Type = type;
        Namespace = ns;
        Matches = matches;
        Bookmarks = bookmarks;
        _channel = capacity > 0
            ? Channel.CreateBounded<WatchEvent>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait })
            : Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true });
    }

    public ResourceType Type { get; }

    public string? Namespace { get; }

    public Func<StoredObject, bool> Matches { get; }

    public bool Bookmarks { get; }

    /// <summary>
    /// A watch of the simulator's own controllers (Job controller, kubelet), not an API client's
    /// stream: unbounded, and left open by dropped-watch faults and server restarts.
    /// </summary>
    public bool InProcess { get; init; }

    /// <summary>Events to send before live ones (synthetic ADDED or replayed history).</summary>
    public IReadOnlyList<WatchEvent> Initial { get; internal set; } = [];

    public ChannelReader<WatchEvent> Reader => _channel.Reader;

    public bool Closed { get; private set; }

    /// <summary>Queues an event; closes the watcher when it cannot keep up.</summary>
    internal void Offer(WatchEvent evt)
    {
        if (Closed)
        {
            return;
        }

        if (!_channel.Writer.TryWrite(evt))
        {
            Close();
        }
    }

    internal void Close()
    {
        Closed = true;
        _channel.Writer.TryComplete();
    }

    internal bool InScope(StoredObject obj) => Namespace is null || obj.Namespace == Namespace;
}
