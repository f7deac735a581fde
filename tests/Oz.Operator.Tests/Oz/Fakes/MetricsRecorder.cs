using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Oz.Operator.OzWorker;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>Records the measurements of one <see cref="OzMetrics"/> instance (other instances are ignored).</summary>
public sealed class MetricsRecorder : IDisposable
{
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

    /// <summary>Sum of a counter's measurements whose tag <paramref name="tag"/> equals <paramref name="value"/>.</summary>
    public long Sum(string instrument, string tag, string value) =>
        _measurements
            .Where(m => m.Instrument == instrument && m.Tags.Any(t => t.Key == tag && Equals(t.Value, value)))
            .Sum(m => m.Value);

    /// <summary>The current value of an observable gauge.</summary>
    public long Observe(string instrument)
    {
        _measurements.Clear();
        _listener.RecordObservableInstruments();
        return _measurements.Where(m => m.Instrument == instrument).Select(m => m.Value).LastOrDefault();
    }

    public void Dispose() => _listener.Dispose();
}
