using System.Collections.Concurrent;

namespace Oz.KubeSim.Diagnostics;

/// <summary>Every request the simulator served (bounded), with counts by verb and resource.</summary>
public sealed class RequestLog(int capacity = 200_000)
{
    private readonly ConcurrentQueue<RequestLogEntry> _entries = new();
    private readonly ConcurrentDictionary<(string Verb, string Resource), int> _counts = new();
    private int _size;

    public void Add(RequestLogEntry entry)
    {
        _entries.Enqueue(entry);
        _counts.AddOrUpdate((entry.Verb, entry.Resource), 1, static (_, c) => c + 1);
        if (Interlocked.Increment(ref _size) > capacity && _entries.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _size);
        }
    }

    public IReadOnlyList<RequestLogEntry> Entries => [.. _entries];

    /// <summary>How many requests of a verb (get, list, watch, create, update, patch, delete…) hit a resource.</summary>
    public int Count(string verb, string resource) => _counts.GetValueOrDefault((verb, resource));

    public IReadOnlyDictionary<(string Verb, string Resource), int> Counts => new Dictionary<(string, string), int>(_counts);

    public void Clear()
    {
        _entries.Clear();
        _counts.Clear();
        _size = 0;
    }
}
