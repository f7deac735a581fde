using Oz.Operator.Health;

namespace Oz.Operator.Tests.Health;

/// <summary>
/// /healthz follows the process only: its loops alive and the progress watchdog beating; an API
/// server that cannot be reached never restarts the replica (that shows on /readyz).
/// </summary>
public sealed class LivenessTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void AnApiServerOutageNeverFailsLivenessButFailsReadiness()
    {
        var time = new ManualClock(Start);
        var (liveness, readiness, watchdog) = Wire(time, new HealthServerTests.StubInformer("agenttasks", Start), new HealthServerTests.StubInformer("jobs", Start));

        // An hour of outage, the process itself healthy: the watchdog keeps beating.
        for (var minute = 0; minute < 60; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Assert.That(liveness.Run(), Has.All.Matches<HealthCheckResult>(r => r.Healthy), $"liveness after {minute + 1} minutes");
            watchdog.Beat();
        }

        Assert.That(readiness.Snapshot().Where(r => !r.Healthy).Select(r => r.Name), Is.EquivalentTo(new[] { "informer-agenttasks", "informer-jobs" }));
    }

    [Test]
    public void NoProgressForTheStallTimeFailsLiveness()
    {
        var time = new ManualClock(Start);
        var (liveness, _, watchdog) = Wire(time);

        time.Advance(watchdog.StallAfter);
        var atLimit = liveness.Run().Single();
        time.Advance(TimeSpan.FromSeconds(1));
        var past = liveness.Run().Single();

        Assert.That(atLimit.Healthy, Is.True);
        Assert.That(past.Healthy, Is.False);
        Assert.That(past.Reason, Does.Contain("no progress for 61s"));
    }

    [Test]
    public async Task TheWatchdogBeatsWhileItRuns()
    {
        var time = new ManualClock(Start);
        var watchdog = new ProgressWatchdog(TimeSpan.FromMinutes(1), time);
        time.Advance(TimeSpan.FromMinutes(2));
        using var stop = new CancellationTokenSource();

        var running = watchdog.RunAsync(stop.Token);

        Assert.That(watchdog.Check().Healthy, Is.True, "the first beat is immediate");
        await stop.CancelAsync();
        await running;
    }

    [Test]
    public void ALoopThatEndsWhileTheProcessRunsFailsLiveness()
    {
        var liveness = new LivenessChecks();
        var crashed = Task.FromException(new InvalidOperationException("watch loop crashed"));
        var running = new TaskCompletionSource().Task;

        liveness.AddLoop("informers", crashed, CancellationToken.None);
        liveness.AddLoop("leader-election", running, CancellationToken.None);

        var results = liveness.Run();
        Assert.That(results.Single(r => r.Name == "loop-informers"), Is.EqualTo(new HealthCheckResult("loop-informers", false, "watch loop crashed")));
        Assert.That(results.Single(r => r.Name == "loop-leader-election").Healthy, Is.True);
    }

    [Test]
    public void ALoopThatEndsBecauseTheProcessStopsIsNotAFailure()
    {
        var liveness = new LivenessChecks();
        using var stopping = new CancellationTokenSource();
        stopping.Cancel();

        liveness.AddLoop("informers", Task.CompletedTask, stopping.Token);

        Assert.That(liveness.Run().Single().Healthy, Is.True);
    }

    private static (LivenessChecks Liveness, ReadinessGates Readiness, ProgressWatchdog Watchdog) Wire(TimeProvider time, params IInformer[] informers)
    {
        var liveness = new LivenessChecks();
        var readiness = new ReadinessGates();
        var options = new HealthOptions();
        var watchdog = new ProgressWatchdog(options.StallAfter, time);
        OperatorHealth.Wire(liveness, readiness, informers, watchdog, options, time);
        return (liveness, readiness, watchdog);
    }
}
