using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Oz.Operator.Telemetry.Metrics;

/// <summary>
/// Cumulative counts by label values, reported through an observable counter. Unlike a plain
/// <see cref="Counter{T}"/>, a series primed here exists from the first collection whenever the
/// exporter started, so dashboards show a flat zero instead of a gap, and nothing recorded before
/// the exporter was listening is lost.
/// </summary>
internal sealed class CounterTable
{
    private readonly string[] labelNames;
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public CounterTable(Meter meter, string name, string unit, string description, params string[] labelNames)
    {
        this.labelNames = labelNames;
        meter.CreateObservableCounter(name, Observe, unit, description);
    }

    /// <summary>Creates the series of <paramref name="labelValues"/> at zero (no-op when it exists).</summary>
    public void Prime(params string[] labelValues) => Get(labelValues);

    public void Add(params string[] labelValues) => Interlocked.Increment(ref Get(labelValues).Count);

    private Entry Get(string[] labelValues)
    {
        if (labelValues.Length != labelNames.Length)
        {
            throw new ArgumentException($"Expected {labelNames.Length} label values.", nameof(labelValues));
        }

        return entries.GetOrAdd(string.Join('\u001f', labelValues), _ => new Entry(
            [.. labelNames.Zip(labelValues, (n, v) => new KeyValuePair<string, object?>(n, v))]));
    }

    private IEnumerable<Measurement<long>> Observe() =>
        [.. entries.Values.Select(e => new Measurement<long>(Interlocked.Read(ref e.Count), e.Tags))];

    private sealed class Entry(KeyValuePair<string, object?>[] tags)
    {
        public long Count;

        public KeyValuePair<string, object?>[] Tags { get; } = tags;
    }
}
