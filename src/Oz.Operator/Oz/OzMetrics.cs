using System.Diagnostics.Metrics;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.OzWorker;

/// <summary>
/// The Oz connection's instruments on the operator's meter. Every counter is primed at zero for
/// each of its known label values (<see cref="CounterTable"/>), so a dashboard shows a flat line
/// for "no rejections yet" rather than a gap.
/// </summary>
/// <remarks>
/// Claims and rejections are the <c>claimed</c> and <c>rejected</c>/<c>invalid</c> values of
/// <see cref="AssignmentsName"/>: each assignment gets exactly one of the three answers.
/// </remarks>
public sealed class OzMetrics : IDisposable
{
    public const string MeterName = "Oz.Operator";

    public const string ConnectedName = "oz_operator_oz_connected";
    public const string ReconnectsName = "oz_operator_oz_reconnects_total";
    public const string AssignmentsName = "oz_operator_oz_assignments_total";
    public const string ReportsName = "oz_operator_oz_reports_total";
    public const string ReportResendsName = "oz_operator_oz_report_resends_total";

    private readonly CounterTable _reconnects;
    private readonly CounterTable _assignments;
    private readonly CounterTable _reports;
    private readonly CounterTable _resends;
    private int _connected;

    public OzMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Meter.CreateObservableGauge(ConnectedName, () => Volatile.Read(ref _connected), description: "1 while the WebSocket to Oz is open");
        _reconnects = new CounterTable(Meter, ReconnectsName, "{connection}", "Connections to Oz lost or failed, by reason", "reason");
        _assignments = new CounterTable(Meter, AssignmentsName, "{assignment}", "Task assignments by result (claimed, rejected, invalid)", "result");
        _reports = new CounterTable(Meter, ReportsName, "{report}", "Task results sent to Oz, by message type", "type");
        _resends = new CounterTable(Meter, ReportResendsName, "{report}", "Task results sent to Oz again because the connection ended before Oz confirmed them, by message type", "type");

        foreach (var reason in DisconnectReasons.All)
        {
            _reconnects.Prime(reason);
        }

        foreach (var result in AssignmentResults.All)
        {
            _assignments.Prime(result);
        }

        foreach (var type in ReportTypes)
        {
            _reports.Prime(type);
            _resends.Prime(type);
        }
    }

    /// <summary>Every value of the <c>type</c> label of <see cref="ReportsName"/>.</summary>
    public static IReadOnlyList<string> ReportTypes { get; } = [OzMessageTypes.TaskCompleted, OzMessageTypes.TaskFailed];

    public Meter Meter { get; }

    public bool Connected => Volatile.Read(ref _connected) == 1;

    public void SetConnected(bool connected) => Volatile.Write(ref _connected, connected ? 1 : 0);

    public void Reconnect(string reason) => _reconnects.Add(reason);

    public void Assignment(string result) => _assignments.Add(result);

    public void Report(string type) => _reports.Add(type);

    /// <summary>A report sent again (also counted by <see cref="Report"/>): a duplicate of the same terminal state.</summary>
    public void ReportResent(string type) => _resends.Add(type);

    public void Dispose() => Meter.Dispose();
}
