using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>
/// Every failure_reason of the reference worker has a home: it is what a failed AgentTask's report
/// carries for some status.reason (and docs/agenttask.md names that reason in its row), or its row
/// says it is not applicable here and why. Read against the real report (<see cref="TaskReport"/>),
/// so a mapping and its documentation cannot drift apart.
/// </summary>
public sealed class OzFailureReasonCoverageTests
{
    private const string DocumentPath = "docs/agenttask.md";

    private const string NotApplicable = "Not applicable";

    /// <summary>The reference worker's 26 strings, written out so a change to the list fails here.</summary>
    private static readonly string[] ProtocolReasons =
    [
        "unknown", "task_timeout", "task_cancelled", "graceful_shutdown", "image_pull", "sidecar_prep",
        "container_create", "container_start", "container_wait", "container_exit", "container_oom",
        "workspace_setup", "setup_command", "agent_invocation", "teardown_command", "job_create", "job_watch",
        "job_failed", "evicted", "pod_watch", "unschedulable", "volume_mount", "init_container", "invalid_image",
        "active_deadline", "cleanup",
    ];

    private static readonly Lazy<Dictionary<string, string>> Rows = new(ReadRows);

    private static IEnumerable<TestCaseData> Reasons() =>
        ProtocolReasons.Select(reason => new TestCaseData(reason).SetName($"failure reason {reason} is produced or not applicable"));

    [Test]
    public void TheOperatorsListIsExactlyTheProtocolsTwentySixStrings() =>
        Assert.That(OzFailureReasons.Reference, Is.EquivalentTo(ProtocolReasons));

    [TestCaseSource(nameof(Reasons))]
    public void EachReasonIsProducedFromTheStatusReasonsItsRowNamesOrItsRowSaysNotApplicable(string reason)
    {
        Assert.That(Rows.Value, Does.ContainKey(reason), $"no row '| `{reason}` |' under '### Oz failure reasons' of {DocumentPath}");
        var row = Rows.Value[reason];
        var producedFrom = StatusReasonsReportedAs(reason);
        var producedWithoutReason = ReportedReason(null) == reason;

        if (row.StartsWith(NotApplicable, StringComparison.Ordinal))
        {
            Assert.That(producedFrom.Select(r => r.ToString()).Append(producedWithoutReason ? "no reason" : null).OfType<string>(), Is.Empty,
                $"{DocumentPath} says {reason} is not applicable, yet a failed task's report carries it");
            Assert.That(row.Length, Is.GreaterThan(NotApplicable.Length + 10), $"the row of {reason} does not say why it is not applicable");
            return;
        }

        Assert.That(producedFrom.Count > 0 || producedWithoutReason, Is.True,
            $"no failed task is reported as {reason}; produce it or document it as '{NotApplicable}: why'");
        Assert.Multiple(() =>
        {
            foreach (var statusReason in producedFrom)
            {
                Assert.That(row, Does.Contain($"`{statusReason}`"), $"the row of {reason} does not name status.reason {statusReason}, which is reported as it");
            }

            if (producedWithoutReason)
            {
                Assert.That(row, Does.Contain("without `status.reason`"), $"the row of {reason} does not say it is the report of a task without a reason");
            }
        });
    }

    [Test]
    public void ACancelledTaskIsReportedAsCompletedWithTheCancelledStateNotAsTaskCancelled()
    {
        var report = TaskReport.For(TaskWith(AgentTaskPhase.Cancelled, FailureReason.Cancelled));

        Assert.That(report, Is.TypeOf<TaskCompleted>().With.Property(nameof(TaskCompleted.TaskState)).EqualTo("CANCELLED"));
    }

    [Test]
    public void AFailedTaskReportCarriesNoTaskStateAsInTheReference() =>
        Assert.That(Enum.GetValues<FailureReason>().Select(r => ((TaskFailed)TaskReport.For(TaskWith(AgentTaskPhase.Failed, r))).TaskState), Is.All.Null);

    private static List<FailureReason> StatusReasonsReportedAs(string reason) =>
        [.. Enum.GetValues<FailureReason>().Where(r => r != FailureReason.Cancelled && ReportedReason(r) == reason)];

    // Cancelled is left out above: a task with that reason is in phase Cancelled, reported as task_completed.
    private static string? ReportedReason(FailureReason? reason) =>
        ((TaskFailed)TaskReport.For(TaskWith(AgentTaskPhase.Failed, reason))).FailureReason;

    private static AgentTask TaskWith(AgentTaskPhase phase, FailureReason? reason) => new()
    {
        Spec = new AgentTaskSpec { TaskId = "t" },
        Status = new AgentTaskStatus { Phase = phase, Reason = reason },
    };

    private static Dictionary<string, string> ReadRows()
    {
        var lines = File.ReadAllLines(RepositoryPaths.PathOf(DocumentPath));
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "### Oz failure reasons");
        Assert.That(start, Is.GreaterThanOrEqualTo(0), $"{DocumentPath} has no heading '### Oz failure reasons'");
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length >= 4 && cells[1].StartsWith('`') && cells[1].EndsWith('`'))
            {
                rows[cells[1].Trim('`')] = cells[2];
            }
        }

        return rows;
    }
}
