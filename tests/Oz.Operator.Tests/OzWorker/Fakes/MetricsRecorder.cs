using System.Diagnostics.Metrics;
using Oz.Operator.OzWorker;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>
/// Reads the current values of one <see cref="OzMetrics"/> instance (other instances are ignored).
/// Every Oz instrument is observable (a gauge, or a primed counter reporting its running total), so
/// each read collects them afresh.
/// </summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly Lock _sync = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MetricsRecorder(OzMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>A counter's current total over the series whose tag <paramref name="tag"/> equals <paramref name="value"/>; -1 when no such series exists.</summary>
    public long Sum(string instrument, string tag, string value)
    {
        var series = Collect().Where(m => m.Instrument == instrument && m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))).ToList();
        return series.Count == 0 ? -1 : series.Sum(m => m.Value);
    }

    /// <summary>The current value of an observable gauge.</summary>
    public long Observe(string instrument) =>
        Collect().Where(m => m.Instrument == instrument).Select(m => m.Value).LastOrDefault();

    /// <summary>Every series of <paramref name="instrument"/> now: its label values (in order) and value.</summary>
    public IReadOnlyDictionary<string, long> Series(string instrument) =>
        Collect().Where(m => m.Instrument == instrument).ToDictionary(m => string.Join(',', m.Tags.Select(t => $"{t.Key}={t.Value}")), m => m.Value);

    public void Dispose() => _listener.Dispose();

    private List<(string Instrument, long Value, KeyValuePair<string, object?>[] Tags)> Collect()
    {
        lock (_sync)
        {
            _measurements.Clear();
            _listener.RecordObservableInstruments();
            return [.. _measurements];
        }
    }
}
