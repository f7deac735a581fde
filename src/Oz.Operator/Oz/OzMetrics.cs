using System.Diagnostics.Metrics;

namespace Oz.Operator.OzWorker;

/// <summary>The Oz connection's instruments on the operator's meter.</summary>
public sealed class OzMetrics : IDisposable
{
    public const string MeterName = "Oz.Operator";

    private readonly Counter<long> _reconnects;
    private readonly Counter<long> _assignments;
    private readonly Counter<long> _reports;
    private int _connected;

    public OzMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Meter.CreateObservableGauge("oz_operator_oz_connected", () => Volatile.Read(ref _connected), description: "1 while the WebSocket to Oz is open");
        _reconnects = Meter.CreateCounter<long>("oz_operator_oz_reconnects_total", description: "Connections to Oz lost or failed, by reason");
        _assignments = Meter.CreateCounter<long>("oz_operator_oz_assignments_total", description: "Task assignments by result (claimed, rejected, invalid)");
        _reports = Meter.CreateCounter<long>("oz_operator_oz_reports_total", description: "Task results sent to Oz, by message type");
    }

    public Meter Meter { get; }

    public bool Connected => Volatile.Read(ref _connected) == 1;

    public void SetConnected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);

    public void Reconnect(string reason) => _reconnects.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Assignment(string result) => _assignments.Add(1, new KeyValuePair<string, object?>("result", result));

    public void Report(string type) => _reports.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Dispose() => Meter.Dispose();
}
