using Oz.Operator.Schedules;

namespace Oz.Operator.Tests.Schedules;

/// <summary>The schedule reconciler on a manual clock: due times, concurrency, restarts, history and status.</summary>
public sealed class AgentTaskScheduleReconcilerTests
{
    private static readonly ObjectKey Nightly = new(FakeScheduleCluster.Namespace, "nightly");

    private FakeScheduleCluster cluster = null!;

    [SetUp]
    public void SetUp() => cluster = new FakeScheduleCluster();

    /// <summary>The clock is at 09:00:30; the first due time of "*/5 * * * *" is 09:05.</summary>
    private static DateTime At(int hour, int minute) => new(2026, 3, 2, hour, minute, 0, DateTimeKind.Utc);

    private async Task<ReconcileResult> ReconcileAtAsync(DateTime time, AgentTaskScheduleReconciler? reconciler = null)
    {
        cluster.Clock.SetUtcNow(new DateTimeOffset(time));
        return await (reconciler ?? cluster.NewReconciler()).ReconcileAsync(Nightly, CancellationToken.None);
    }

    [Test]
    public async Task NoRunIsMadeBeforeItsDueTimeAndTheKeyComesBackThen()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *");

        var result = await ReconcileAtAsync(At(9, 2));

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Created, Is.Empty);
            Assert.That(result.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(3)));
        });
    }

    [Test]
    public async Task ARunIsMadeAtItsDueTimeNamedForIt()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *");

        var result = await ReconcileAtAsync(At(9, 5));

        var name = ScheduleRuns.RunName("nightly", At(9, 5));
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Created, Is.EqualTo(new[] { name }));
            Assert.That(name, Is.EqualTo($"nightly-{new DateTimeOffset(At(9, 5)).ToUnixTimeSeconds() / 60}"));
            Assert.That(cluster.Schedule("nightly").Status!.LastScheduleTime, Is.EqualTo(At(9, 5)));
            Assert.That(cluster.Schedule("nightly").Status!.Active!.Select(a => a.Name), Is.EqualTo(new[] { name }));
            Assert.That(cluster.Schedule("nightly").Status!.ActiveCount, Is.EqualTo(1));
            Assert.That(result.RequeueAfter, Is.EqualTo(TimeSpan.FromMinutes(5)));
        });
    }

    [Test]
    public async Task ARunIsOwnedByItsScheduleAndMadeFromTheTemplate()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.AgentTaskTemplate.Metadata = new AgentTaskTemplateMetadata
        {
            Labels = new Dictionary<string, string> { ["team"] = "infra" },
            Annotations = new Dictionary<string, string> { ["oz.warp.dev/delete-after"] = "1h" },
        });

        await ReconcileAtAsync(At(9, 5));

        var run = cluster.Task(ScheduleRuns.RunName("nightly", At(9, 5)))!;
        var owner = run.Metadata.OwnerReferences.Single();
        Assert.Multiple(() =>
        {
            Assert.That((owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion),
                Is.EqualTo((AgentTaskSchedule.KindName, "nightly", "uid-nightly", (bool?)true, (bool?)true)));
            Assert.That(run.Spec.Prompt, Is.EqualTo("Triage new issues"));
            Assert.That(run.Spec.TaskId, Is.Null);
            Assert.That(run.Metadata.Labels, Does.ContainKey("team").WithValue("infra").And.ContainKey(ScheduleRuns.ScheduleLabel).WithValue("nightly"));
            Assert.That(run.Metadata.Annotations, Does.ContainKey("oz.warp.dev/delete-after").WithValue("1h")
                .And.ContainKey(ScheduleRuns.ScheduledTimeAnnotation).WithValue("2026-03-02T09:05:00Z"));
        });
    }

    [Test]
    public async Task ARunIsMadeOncePerDueTimeHoweverOftenTheKeyIsReconciled()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *");

        await ReconcileAtAsync(At(9, 5));
        await ReconcileAtAsync(At(9, 6));
        await ReconcileAtAsync(At(9, 9));

        Assert.That(cluster.Created, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ARestartedOperatorThatLostTheStatusWriteDoesNotMakeTheRunTwice()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Allow);
        await ReconcileAtAsync(At(9, 5));

        // The process died between the create and the status write: the status says nothing ran.
        cluster.Schedule("nightly").Status = null;
        await ReconcileAtAsync(At(9, 5).AddSeconds(20), cluster.NewReconciler());

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Created, Has.Count.EqualTo(1));
            Assert.That(cluster.Schedule("nightly").Status!.LastScheduleTime, Is.EqualTo(At(9, 5)));
        });
    }

    [Test]
    public async Task ACreateRefusedBecauseTheRunExistsCountsAsMade()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *");
        var existing = ScheduleRuns.Build(cluster.Schedule("nightly"), At(9, 5));

        // Another replica made it; this replica's cache has not seen it yet, the API server has.
        var cache = new Tasks.Fakes.FakeCache<AgentTask>();
        var blind = new AgentTaskScheduleReconciler(cluster.Schedules, cache, cluster, cluster.Events, cluster.Clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<AgentTaskScheduleReconciler>.Instance);
        await cluster.CreateRunAsync(existing, CancellationToken.None);
        cluster.Created.Clear();

        await ReconcileAtAsync(At(9, 5), blind);

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Created, Is.Empty);
            Assert.That(cluster.CreateRefused, Is.EqualTo(new[] { existing.Metadata.Name }));
            Assert.That(cluster.Schedule("nightly").Status!.LastScheduleTime, Is.EqualTo(At(9, 5)));
        });
    }

    /// <summary>A schedule's concurrency policy as written: Forbid, or none (Forbid is the default).</summary>
    public static IEnumerable<TestCaseData> ForbiddingPolicies() =>
    [
        new TestCaseData(ConcurrencyPolicy.Forbid).SetName("ForbidStartsNoRunWhileOneIsUnfinished"),
        new TestCaseData(null).SetName("ForbidIsTheDefault"),
    ];

    [TestCaseSource(nameof(ForbiddingPolicies))]
    public async Task NoRunStartsWhileOneIsUnfinished(ConcurrencyPolicy? policy)
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.ConcurrencyPolicy = policy);
        await ReconcileAtAsync(At(9, 5));

        await ReconcileAtAsync(At(9, 10));

        Assert.That(cluster.Created, Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(9, 5)) }));
    }

    [Test]
    public async Task ForbidStartsTheNextDueRunOnceTheUnfinishedOneEnds()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Forbid);
        await ReconcileAtAsync(At(9, 5));
        await ReconcileAtAsync(At(9, 10));

        cluster.Clock.SetUtcNow(new DateTimeOffset(At(9, 11)));
        cluster.Finish(ScheduleRuns.RunName("nightly", At(9, 5)), AgentTaskPhase.Succeeded);
        await ReconcileAtAsync(At(9, 11));

        Assert.That(cluster.Created, Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(9, 5)), ScheduleRuns.RunName("nightly", At(9, 10)) }));
    }

    [Test]
    public async Task ForbidWithAStartingDeadlineDropsARunThatWouldStartTooLate()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec =>
        {
            spec.ConcurrencyPolicy = ConcurrencyPolicy.Forbid;
            spec.StartingDeadlineSeconds = 60;
        });
        await ReconcileAtAsync(At(9, 5));
        await ReconcileAtAsync(At(9, 10));

        cluster.Clock.SetUtcNow(new DateTimeOffset(At(9, 12)));
        cluster.Finish(ScheduleRuns.RunName("nightly", At(9, 5)), AgentTaskPhase.Succeeded);
        await ReconcileAtAsync(At(9, 12));

        Assert.That(cluster.Created, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReplaceDeletesTheUnfinishedRunAndStartsTheNewOne()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Replace);
        await ReconcileAtAsync(At(9, 5));

        await ReconcileAtAsync(At(9, 10));
        await cluster.Events.WhenIdleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Deleted, Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(9, 5)) }));
            Assert.That(cluster.Created, Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(9, 5)), ScheduleRuns.RunName("nightly", At(9, 10)) }));
            Assert.That(cluster.Schedule("nightly").Status!.Active!.Select(a => a.Name), Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(9, 10)) }));
            Assert.That(cluster.EventSink.Events.Select(e => e.Event.Reason), Does.Contain("RunReplaced"));
        });
    }

    [Test]
    public async Task AllowStartsARunBesideAnUnfinishedOne()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Allow);
        await ReconcileAtAsync(At(9, 5));

        await ReconcileAtAsync(At(9, 10));

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Created, Has.Count.EqualTo(2));
            Assert.That(cluster.Deleted, Is.Empty);
            Assert.That(cluster.Schedule("nightly").Status!.ActiveCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task ASuspendedScheduleStartsNoRunAndIsReadyAsSuspended()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.Suspend = true);

        var result = await ReconcileAtAsync(At(9, 5));

        var ready = cluster.Schedule("nightly").Status!.Conditions!.Single(c => c.Type == ConditionTypes.Ready);
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Created, Is.Empty);
            Assert.That(result.RequeueAfter, Is.Null);
            Assert.That((ready.Status, ready.Reason), Is.EqualTo(("True", "Suspended")));
        });
    }

    [Test]
    public async Task OnlyTheLatestMissedDueTimeIsRunAfterADowntime()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Allow);

        await ReconcileAtAsync(At(9, 32));

        Assert.That(cluster.Created, Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(9, 30)) }));
    }

    [Test]
    public async Task ADueTimeOlderThanTheStartingDeadlineIsSkipped()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec => spec.StartingDeadlineSeconds = 60);

        await ReconcileAtAsync(At(9, 7));

        Assert.That(cluster.Created, Is.Empty);
    }

    [Test]
    public async Task MoreThanAHundredMissedTimesAreReportedWithAWarning()
    {
        cluster.AddSchedule("nightly", "* * * * *");

        await ReconcileAtAsync(At(11, 0));
        await cluster.Events.WhenIdleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(cluster.EventSink.Events.Where(e => e.Event.Type == "Warning").Select(e => e.Event.Reason), Is.EqualTo(new[] { "TooManyMissedTimes" }));
            Assert.That(cluster.Created, Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(11, 0)) }));
        });
    }

    [Test]
    public async Task FinishedRunsBeyondTheHistoryLimitsAreDeletedOldestFirst()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec =>
        {
            spec.ConcurrencyPolicy = ConcurrencyPolicy.Allow;
            spec.SuccessfulRunsHistoryLimit = 2;
            spec.FailedRunsHistoryLimit = 1;
        });
        var runs = new List<string>();
        for (var minute = 5; minute <= 30; minute += 5)
        {
            await ReconcileAtAsync(At(9, minute));
            runs.Add(ScheduleRuns.RunName("nightly", At(9, minute)));
        }

        // 09:05-09:15 succeed, 09:20 and 09:25 fail, 09:30 is still running.
        foreach (var run in runs.Take(3))
        {
            cluster.Finish(run, AgentTaskPhase.Succeeded);
        }

        cluster.Finish(runs[3], AgentTaskPhase.Failed);
        cluster.Finish(runs[4], AgentTaskPhase.Cancelled);
        await ReconcileAtAsync(At(9, 31));

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Deleted, Is.EquivalentTo(new[] { runs[0], runs[3] }));
            Assert.That(cluster.Tasks.List().Select(t => t.Metadata.Name), Is.EquivalentTo(new[] { runs[1], runs[2], runs[4], runs[5] }));
        });
    }

    [Test]
    public async Task AHistoryLimitOfZeroKeepsTheLastResultOfTheDeletedRun()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *", spec =>
        {
            spec.SuccessfulRunsHistoryLimit = 1;
            spec.FailedRunsHistoryLimit = 0;
        });
        await ReconcileAtAsync(At(9, 5));
        cluster.Clock.SetUtcNow(new DateTimeOffset(At(9, 6)));
        cluster.Finish(ScheduleRuns.RunName("nightly", At(9, 5)), AgentTaskPhase.Succeeded);
        await ReconcileAtAsync(At(9, 10));
        cluster.Clock.SetUtcNow(new DateTimeOffset(At(9, 11)));
        cluster.Finish(ScheduleRuns.RunName("nightly", At(9, 10)), AgentTaskPhase.Failed);

        await ReconcileAtAsync(At(9, 11));
        await ReconcileAtAsync(At(9, 12));

        var status = cluster.Schedule("nightly").Status!;
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Deleted, Is.EqualTo(new[] { ScheduleRuns.RunName("nightly", At(9, 10)) }));
            Assert.That(status.LastResult, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(status.LastSuccessfulTime, Is.EqualTo(At(9, 6)));
        });
    }

    [Test]
    public async Task AValidScheduleIsReadyForItsGeneration()
    {
        var schedule = cluster.AddSchedule("nightly", "0 6 * * 1-5", spec => spec.TimeZone = "Europe/Berlin");
        schedule.Metadata.Generation = 4;

        await ReconcileAtAsync(At(9, 2));

        var status = cluster.Schedule("nightly").Status!;
        Assert.Multiple(() =>
        {
            Assert.That(status.ObservedGeneration, Is.EqualTo(4));
            Assert.That(status.Conditions!.Select(c => (c.Type, c.Status, c.ObservedGeneration)), Is.EquivalentTo(new[]
            {
                (ConditionTypes.Ready, "True", (long?)4), (ConditionTypes.Reconciling, "False", (long?)4), (ConditionTypes.Stalled, "False", (long?)4),
            }));
        });
    }

    [Test]
    public async Task TheTimeZoneDecidesWhenARunIsDue()
    {
        // 06:00 in Berlin on 2 March 2026 is 05:00 UTC; the clock starts at 09:00:30 UTC, so the next is tomorrow 05:00 UTC.
        cluster.AddSchedule("nightly", "0 6 * * *", spec => spec.TimeZone = "Europe/Berlin");

        var result = await ReconcileAtAsync(At(9, 2));

        Assert.That(result.RequeueAfter, Is.EqualTo(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc) - At(9, 2)));
    }

    [TestCase("61 * * * *", null, ScheduleProblem.InvalidSchedule)]
    [TestCase("0 6 * * *", "Mars/Olympus_Mons", ScheduleProblem.InvalidTimeZone)]
    public async Task AScheduleThatCannotRunIsStalledWithOneWarning(string cron, string? timeZone, string reason)
    {
        cluster.AddSchedule("nightly", cron, spec => spec.TimeZone = timeZone);

        var result = await ReconcileAtAsync(At(9, 5));
        await ReconcileAtAsync(At(9, 6));
        await cluster.Events.WhenIdleAsync();

        var conditions = cluster.Schedule("nightly").Status!.Conditions!.ToDictionary(c => c.Type);
        Assert.Multiple(() =>
        {
            Assert.That(result.RequeueAfter, Is.Null);
            Assert.That(cluster.Created, Is.Empty);
            Assert.That((conditions[ConditionTypes.Stalled].Status, conditions[ConditionTypes.Stalled].Reason), Is.EqualTo(("True", reason)));
            Assert.That((conditions[ConditionTypes.Ready].Status, conditions[ConditionTypes.Ready].Reason), Is.EqualTo(("False", reason)));
            Assert.That(cluster.EventSink.Events.Select(e => (e.Task, e.Event.Type, e.Event.Reason)), Is.EqualTo(new[] { ("nightly", "Warning", reason) }));
        });
    }

    [Test]
    public async Task AnUnchangedStatusIsNotWrittenAgain()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *");
        await ReconcileAtAsync(At(9, 5));
        var writes = cluster.StatusWrites.Count;

        await ReconcileAtAsync(At(9, 6));

        Assert.That(cluster.StatusWrites, Has.Count.EqualTo(writes));
    }

    [Test]
    public async Task ADeletedScheduleIsLeftToGarbageCollection()
    {
        cluster.AddSchedule("nightly", "*/5 * * * *").Metadata.DeletionTimestamp = At(9, 4);

        var result = await ReconcileAtAsync(At(9, 5));

        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(ReconcileResult.Done));
            Assert.That(cluster.Created, Is.Empty);
        });
    }
}
