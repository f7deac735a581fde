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
    private readonly CounterTable _workerClaimed;
    private readonly CounterTable _workerRejected;
    private readonly CounterTable _workerReconnects;
    private int _connected;
    private int _maxConcurrent;
    private volatile KeyValuePair<string, object?>[]? _workerInfo;

    public OzMetrics(IMeterFactory? meterFactory = null)
    {
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Meter.CreateObservableGauge(ConnectedName, () => Volatile.Read(ref _connected), description: "1 while the WebSocket to Oz is open");
        _reconnects = new CounterTable(Meter, ReconnectsName, "{connection}", "Connections to Oz lost or failed, by reason", "reason");
        _assignments = new CounterTable(Meter, AssignmentsName, "{assignment}", "Task assignments by result (claimed, rejected, invalid)", "result");
        _reports = new CounterTable(Meter, ReportsName, "{report}", "Task results sent to Oz, by message type", "type");
        _resends = new CounterTable(Meter, ReportResendsName, "{report}", "Task results sent to Oz again because the connection ended before Oz confirmed them, by message type", "type");

        // The reference worker's names, types and labels (ReferenceWorkerMetrics).
        Meter.CreateObservableGauge(ReferenceWorkerMetrics.ConnectedName, () => Volatile.Read(ref _connected), description: "1 while the worker has an active WebSocket connection to Oz, 0 otherwise.");
        Meter.CreateObservableGauge(ReferenceWorkerMetrics.TasksMaxConcurrentName, () => Volatile.Read(ref _maxConcurrent), description: "Configured upper bound on concurrent tasks for this worker. 0 means unlimited.");
        Meter.CreateObservableGauge(ReferenceWorkerMetrics.InfoName, ObserveWorkerInfo, description: "Constant 1 with build/runtime metadata as labels.");
        _workerClaimed = new CounterTable(Meter, ReferenceWorkerMetrics.TasksClaimedName, "", "Total tasks the worker has claimed since process start.");
        _workerRejected = new CounterTable(Meter, ReferenceWorkerMetrics.TasksRejectedName, "", "Total tasks the worker has rejected since process start.", "reason");
        _workerReconnects = new CounterTable(Meter, ReferenceWorkerMetrics.WebSocketReconnectsName, "", "Total WebSocket reconnect attempts since process start.", "reason");
        _workerClaimed.Prime();
        _workerRejected.Prime(ReferenceWorkerMetrics.RejectAtCapacity);
        _workerReconnects.Prime(ReferenceWorkerMetrics.ReconnectDialFailed);
        _workerReconnects.Prime(ReferenceWorkerMetrics.ReconnectRemoteClose);

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

    /// <summary>Sets the labels of oz_worker_info and the value of oz_worker_tasks_max_concurrent.</summary>
    public void DescribeWorker(string workerId, int maxConcurrentTasks, string version)
    {
        Volatile.Write(ref _maxConcurrent, maxConcurrentTasks);
        _workerInfo =
        [
            new("version", version),
            new("backend", ReferenceWorkerMetrics.Backend),
            new("worker_id", workerId),
        ];
    }

    public void Reconnect(string reason)
    {
        _reconnects.Add(reason);

        // The reference tells a failed dial from a connection that ended after it was open.
        _workerReconnects.Add(reason == DisconnectReasons.ConnectFailed ? ReferenceWorkerMetrics.ReconnectDialFailed : ReferenceWorkerMetrics.ReconnectRemoteClose);
    }

    public void Assignment(string result)
    {
        _assignments.Add(result);
        if (result == AssignmentResults.Claimed)
        {
            _workerClaimed.Add();
        }
    }

    /// <summary>A <c>task_rejected</c> was sent (also counted by <see cref="Assignment"/>), by the reference's reason label.</summary>
    public void Rejected(string referenceReason) => _workerRejected.Add(referenceReason);

    public void Report(string type) => _reports.Add(type);

    /// <summary>A report sent again (also counted by <see cref="Report"/>): a duplicate of the same terminal state.</summary>
    public void ReportResent(string type) => _resends.Add(type);

    public void Dispose() => Meter.Dispose();

    private IEnumerable<Measurement<int>> ObserveWorkerInfo() =>
        _workerInfo is { } info ? [new Measurement<int>(1, info)] : [];
}
