using Oz.Operator.Kubernetes.Controllers;
using Oz.Operator.Kubernetes.Election;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>Leader election end to end: electors on one Lease in the API simulator.</summary>
public sealed class LeaderElectionSimulatorTests
{
    private static readonly LeaderElectionSettings Fast = new()
    {
        LeaseName = "oz-operator-test",
        LeaseNamespace = "default",
        LeaseDuration = TimeSpan.FromSeconds(3),
        RenewDeadline = TimeSpan.FromSeconds(1),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    private KubeSimServer sim = null!;
    private readonly List<CancellationTokenSource> stops = [];

    [SetUp]
    public async Task SetUp() => sim = await KubeSimServer.StartAsync(new KubeSimOptions { RunControllers = false });

    [TearDown]
    public async Task TearDown()
    {
        foreach (var stop in stops)
        {
            await stop.CancelAsync();
            stop.Dispose();
        }

        stops.Clear();
        await sim.DisposeAsync();
    }

    private (LeaderElection Election, CancellationTokenSource Stop, Task Run) Start(string identity, LeaderElectionSettings? options = null)
    {
        var election = new LeaderElection(sim.CreateClient(), (options ?? Fast) with { Identity = identity }, NullLogger<LeaderElection>.Instance);
        var stop = new CancellationTokenSource();
        stops.Add(stop);
        return (election, stop, election.RunAsync(stop.Token));
    }

    [Test]
    public async Task OfTwoElectorsOnOneLeaseExactlyOneLeads()
    {
        var a = Start("a");
        var b = Start("b");
        await Eventually.Until(() => a.Election.IsLeader || b.Election.IsLeader, "a leader");
        var leader = a.Election.IsLeader ? "a" : "b";

        // Watch until the Lease itself shows the leader renewed more than a lease duration after it
        // acquired it (a positive signal, not a guessed sleep): the standby had its chance to take
        // over a lease left to expire, and never led.
        var both = 0;
        var changed = 0;
        await Eventually.UntilAsync(
            async () =>
            {
                if (a.Election.IsLeader && b.Election.IsLeader)
                {
                    both++;
                }

                if ((a.Election.IsLeader ? "a" : b.Election.IsLeader ? "b" : leader) != leader)
                {
                    changed++;
                }

                var lease = await sim.Client.CoordinationV1.ReadNamespacedLeaseAsync(Fast.LeaseName, Fast.LeaseNamespace);
                return lease.Spec.HolderIdentity == leader && lease.Spec.RenewTime - lease.Spec.AcquireTime > Fast.LeaseDuration + Fast.RetryPeriod;
            },
            $"{leader} to renew its lease for longer than a lease duration");

        Assert.That(both, Is.Zero);
        Assert.That(changed, Is.Zero);
        await Eventually.Until(() => (leader == "a" ? b : a).Election.Leader == leader, "the standby to see the leader");
    }

    [Test]
    public async Task WhenTheLeaderStopsRenewingTheOtherTakesOver()
    {
        var a = Start("a");
        await Eventually.Until(() => a.Election.IsLeader, "a leads");
        var b = Start("b");
        await Eventually.Until(() => b.Election.Leader == "a", "b sees a");

        await a.Stop.CancelAsync();
        await Eventually.Within(a.Run, "a to stop");

        await Eventually.Until(() => b.Election.IsLeader, "b to take over", TimeSpan.FromSeconds(10));
        Assert.That(a.Election.IsLeader, Is.False);
    }

    [Test]
    public async Task ALeaderThatCannotRenewStopsItsWorkWithinTheRenewDeadline()
    {
        // A long lease (nobody else campaigns, so it costs no time) leaves room between the renew
        // deadline and the lease's end for a loaded 2-core machine to be slow in.
        var a = Start("a", Fast with { LeaseDuration = TimeSpan.FromSeconds(15) });
        var calls = new ConcurrentQueue<DateTimeOffset>();
        using var controller = new Controller(new RecordingReconciler(calls), new ControllerOptions { Workers = 1, ShutdownTimeout = TimeSpan.FromMilliseconds(200) }, NullLogger<Controller>.Instance);
        var workEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leading = a.Election.RunWhileLeadingAsync(
            async ct =>
            {
                try
                {
                    await controller.RunAsync(ct);
                }
                finally
                {
                    workEnded.TrySetResult();
                }
            },
            a.Stop.Token);
        var term = await Eventually.Within(a.Election.WaitForLeadershipAsync(CancellationToken.None), "a leads");
        controller.Queue.Add(new ObjectKey("default", "x"));
        await Eventually.Until(() => !calls.IsEmpty, "reconciling while leading");

        // Every renewal now fails, as when the API is unreachable for this replica.
        sim.Faults.Applies = (verb, resource) => verb == "update" && resource == "leases";
        sim.Faults.ServerErrorRate = 1;
        var cutOff = Stopwatch.StartNew();

        await Eventually.Until(() => term.IsCancellationRequested, "the term to end", TimeSpan.FromSeconds(10));
        var lost = cutOff.Elapsed;
        // The renew deadline (1 s) plus a retry period, with 4 s of slack for a loaded machine: still
        // well inside the 15 s lease, which is the bound that matters (no two leaders).
        Assert.That(lost, Is.LessThan(Fast.RetryPeriod + Fast.RenewDeadline + TimeSpan.FromSeconds(4)), "stopped within the renew deadline of the first failed renewal");
        Assert.That(lost, Is.LessThan(TimeSpan.FromSeconds(15)), "stopped before anyone else may take the lease");

        // The controller's run has returned with the term, so no worker is left: a new key waits.
        await Eventually.Within(workEnded.Task, "the controller to stop with the term");
        var before = calls.Count;
        controller.Queue.Add(new ObjectKey("default", "y"));
        Assert.That(controller.Queue.Length, Is.EqualTo(1), "the key waits for the next term");
        Assert.That(calls.Count, Is.EqualTo(before));
        Assert.That(a.Election.IsLeader, Is.False);
        await a.Stop.CancelAsync();
        await Eventually.Within(leading, "the leader loop to stop");
    }

    [Test]
    public async Task TheFirstTermsWorkReturnsWhenTheLeaseIsLostSoTheHostCanExit()
    {
        var a = Start("a");
        var workToken = new TaskCompletionSource<CancellationToken>();
        var work = a.Election.RunFirstTermAsync(
            async ct =>
            {
                workToken.TrySetResult(ct);
                await Task.Delay(Timeout.Infinite, ct);
            },
            a.Stop.Token);
        var token = await Eventually.Within(workToken.Task, "the work to start in the first term");

        sim.Faults.Applies = (verb, resource) => verb == "update" && resource == "leases";
        sim.Faults.ServerErrorRate = 1;

        await Eventually.Within(work, "the first term's work to return once the lease is lost");
        Assert.Multiple(() =>
        {
            Assert.That(token.IsCancellationRequested, Is.True);
            Assert.That(a.Stop.IsCancellationRequested, Is.False, "the host did not ask to stop");
        });
    }

    private sealed class RecordingReconciler(ConcurrentQueue<DateTimeOffset> calls) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            calls.Enqueue(DateTimeOffset.UtcNow);
            return Task.FromResult(ReconcileResult.Done);
        }
    }
}
