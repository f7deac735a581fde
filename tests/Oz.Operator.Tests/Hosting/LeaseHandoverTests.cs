using Microsoft.Extensions.Time.Testing;
using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.Hosting;

/// <summary>The Lease is given up only after the leader's work has stopped; work that overruns the deadline keeps it.</summary>
public sealed class LeaseHandoverTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private FakeTimeProvider clock = null!;
    private List<string> steps = null!;
    private CapturingLoggerProvider logs = null!;
    private ILoggerFactory loggers = null!;

    [SetUp]
    public void SetUp()
    {
        clock = new FakeTimeProvider();
        steps = [];
        logs = new CapturingLoggerProvider();
        loggers = LoggerFactory.Create(b => b.AddProvider(logs));
    }

    [TearDown]
    public void TearDown() => loggers.Dispose();

    [Test]
    public async Task WorkThatOverrunsTheShutdownDeadlineKeepsTheLeaseAndSaysSo()
    {
        var work = new TaskCompletionSource();
        var handover = Run(work.Task);

        clock.Advance(Budget);
        var released = await handover.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(released, Is.False);
            Assert.That(steps, Is.EqualTo(new[] { "stop campaign" }), "renewing stops, so the Lease expires; it is not released");
            Assert.That(logs.Messages, Has.Some.Contains("not releasing the Lease: it expires 00:00:15 after its last renewal"));
        });
    }

    [Test]
    public async Task TheLeaseIsReleasedOnlyOnceTheWorkHasStopped()
    {
        var work = new TaskCompletionSource();
        var handover = Run(work.Task);
        var beforeWorkStopped = steps.ToList();

        clock.Advance(Budget / 2);
        lock (steps)
        {
            steps.Add("work stopped");
        }

        work.SetResult();
        var released = await handover.WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(beforeWorkStopped, Is.Empty, "nothing happens to the Lease while the work runs");
            Assert.That(released, Is.True);
            Assert.That(steps, Is.EqualTo(new[] { "work stopped", "stop campaign", "release" }));
        });
    }

    [Test]
    public async Task AReplicaThatNoLongerLeadsReleasesNothing()
    {
        var released = await Run(Task.CompletedTask, leading: false).WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(released, Is.False);
            Assert.That(steps, Is.EqualTo(new[] { "stop campaign" }));
        });
    }

    private Task<bool> Run(Task work, bool leading = true)
    {
        var deadline = new ShutdownDeadline(Budget, clock);
        deadline.Start();
        return LeaseHandover.RunAsync(
            work,
            () => leading,
            () => Step("stop campaign"),
            () => Step("release"),
            deadline,
            LeaseDuration,
            loggers.CreateLogger("test"));
    }

    private Task Step(string name)
    {
        lock (steps)
        {
            steps.Add(name);
        }

        return Task.CompletedTask;
    }
}
