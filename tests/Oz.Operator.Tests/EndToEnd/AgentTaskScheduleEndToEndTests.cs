using Oz.Operator.Schedules;

namespace Oz.Operator.Tests.EndToEnd;

/// <summary>Schedules through the real controller, KubernetesClient and HTTP, on a manual clock ticking a second at a time.</summary>
[NonParallelizable]
[CancelAfter(TestBudgets.EndToEndMilliseconds)]
public sealed class AgentTaskScheduleEndToEndTests
{
    [Test]
    public async Task RunsAreMadeOnTimeAsTheClockTicks()
    {
        await using var env = await ScheduleOnKubeSim.StartAsync();
        await env.CreateScheduleAsync("every-minute", "* * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Allow);
        var first = env.NextMinute();

        var runs = await env.TickUntilAsync(env.RunsAsync, r => r.Count >= 1, "the first run");

        Assert.Multiple(() =>
        {
            Assert.That(runs[0].Metadata.Name, Is.EqualTo(ScheduleRuns.RunName("every-minute", first)));
            Assert.That(ScheduleRuns.ScheduledTime(runs[0]), Is.EqualTo(first));
            Assert.That(env.Clock.GetUtcNow().UtcDateTime, Is.GreaterThanOrEqualTo(first), "not made before it was due");
        });
        runs = await env.TickUntilAsync(env.RunsAsync, r => r.Count >= 2, "the second run");
        Assert.That(ScheduleRuns.ScheduledTime(runs[1]), Is.EqualTo(first.AddMinutes(1)));
        var schedule = await env.GetScheduleAsync("every-minute");
        Assert.That(schedule.Status!.LastScheduleTime, Is.GreaterThanOrEqualTo(first));
    }

    [Test]
    public async Task ForbidHoldsTheNextRunUntilTheUnfinishedOneEnds()
    {
        await using var env = await ScheduleOnKubeSim.StartAsync();
        await env.CreateScheduleAsync("forbid", "* * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Forbid);
        var first = env.NextMinute();
        await env.TickUntilAsync(env.RunsAsync, r => r.Count >= 1, "the first run");

        await env.TickPastAsync(first.AddMinutes(1));
        Assert.That((await env.RunsAsync()).Select(r => r.Metadata.Name), Is.EqualTo(new[] { ScheduleRuns.RunName("forbid", first) }));

        await env.FinishRunAsync(ScheduleRuns.RunName("forbid", first), AgentTaskPhase.Succeeded);
        var runs = await KubeSimCluster.WaitForAsync(env.RunsAsync, r => r.Count == 2, "the held run once the first ended");
        Assert.That(runs[1].Metadata.Name, Is.EqualTo(ScheduleRuns.RunName("forbid", first.AddMinutes(1))));
    }

    [Test]
    public async Task ReplaceDeletesTheUnfinishedRunForTheNewOne()
    {
        await using var env = await ScheduleOnKubeSim.StartAsync();
        await env.CreateScheduleAsync("replace", "* * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Replace);
        var first = env.NextMinute();
        await env.TickUntilAsync(env.RunsAsync, r => r.Count >= 1, "the first run");

        var runs = await env.TickUntilAsync(
            env.RunsAsync, r => r.Any(t => t.Metadata.Name == ScheduleRuns.RunName("replace", first.AddMinutes(1))), "the second run");

        Assert.That(runs.Select(r => r.Metadata.Name), Does.Not.Contain(ScheduleRuns.RunName("replace", first)));
    }

    [Test]
    public async Task ARestartedOperatorNeverMakesARunTwice()
    {
        await using var env = await ScheduleOnKubeSim.StartAsync();
        await env.CreateScheduleAsync("restart", "* * * * *", spec => spec.ConcurrencyPolicy = ConcurrencyPolicy.Allow);
        var first = env.NextMinute();
        await env.TickUntilAsync(env.RunsAsync, r => r.Count >= 1, "the first run");
        await env.StopOperatorAsync();

        env.StartOperator();
        await env.TickPastAsync(env.Clock.GetUtcNow().UtcDateTime);

        var runs = await env.RunsAsync();
        Assert.Multiple(() =>
        {
            Assert.That(runs.Count(r => ScheduleRuns.ScheduledTime(r) == first), Is.EqualTo(1));
            Assert.That(env.Sim.RequestLog.Count("create", "agenttasks"), Is.EqualTo(runs.Count));
        });
    }

    [Test]
    public async Task FinishedRunsBeyondTheHistoryLimitAreDeleted()
    {
        await using var env = await ScheduleOnKubeSim.StartAsync();
        await env.CreateScheduleAsync("history", "* * * * *", spec =>
        {
            spec.ConcurrencyPolicy = ConcurrencyPolicy.Allow;
            spec.SuccessfulRunsHistoryLimit = 1;
        });
        var first = env.NextMinute();
        await env.TickUntilAsync(env.RunsAsync, r => r.Count >= 1, "the first run");
        await env.FinishRunAsync(ScheduleRuns.RunName("history", first), AgentTaskPhase.Succeeded);
        await env.TickUntilAsync(env.RunsAsync, r => r.Any(t => ScheduleRuns.ScheduledTime(t) == first.AddMinutes(1)), "the second run");

        await env.FinishRunAsync(ScheduleRuns.RunName("history", first.AddMinutes(1)), AgentTaskPhase.Succeeded);

        var runs = await KubeSimCluster.WaitForAsync(env.RunsAsync, r => r.All(t => t.Metadata.Name != ScheduleRuns.RunName("history", first)), "the older run to be deleted");
        Assert.That(runs.Select(r => r.Metadata.Name), Does.Contain(ScheduleRuns.RunName("history", first.AddMinutes(1))));
        var schedule = await KubeSimCluster.WaitForAsync(() => env.GetScheduleAsync("history"), s => s.Status?.LastResult == AgentTaskPhase.Succeeded, "lastResult");
        Assert.That(schedule.Status!.LastSuccessfulTime, Is.Not.Null);
    }

    [Test]
    public async Task KubectlWaitForReadyReturnsForAValidSchedule()
    {
        await using var env = await ScheduleOnKubeSim.StartAsync();
        await env.CreateScheduleAsync("valid", "0 6 * * 1-5", spec => spec.TimeZone = "Europe/Berlin");

        var (code, output) = await KubeSimCluster.KubectlAsync(env.Sim, "wait", "--for=condition=Ready", "agenttaskschedule/valid", "--timeout=20s");

        Assert.That(code, Is.Zero, output);
    }

    [Test]
    public async Task AnUnknownTimeZoneStallsTheScheduleForKubectlWait()
    {
        await using var env = await ScheduleOnKubeSim.StartAsync();
        await env.CreateScheduleAsync("nowhere", "0 6 * * *", spec => spec.TimeZone = "Mars/Olympus_Mons");

        var (code, output) = await KubeSimCluster.KubectlAsync(env.Sim, "wait", "--for=condition=Stalled", "agenttaskschedule/nowhere", "--timeout=20s");
        var reason = await KubeSimCluster.KubectlAsync(env.Sim, "get", "agenttaskschedule", "nowhere", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}");

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.Zero, output);
            Assert.That(reason.Output, Is.EqualTo(ScheduleProblem.InvalidTimeZone));
        });
    }
}
