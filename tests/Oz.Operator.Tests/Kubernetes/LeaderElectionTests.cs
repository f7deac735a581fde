using Oz.Operator.Health;
using Oz.Operator.Kubernetes.Election;

namespace Oz.Operator.Tests.Kubernetes;

public sealed class LeaderElectionTests
{
    private static LeaderElection Disabled() =>
        new(null, new LeaderElectionSettings { Enabled = false, Identity = "solo" }, NullLogger<LeaderElection>.Instance);

    [Test]
    public async Task WithElectionDisabledTheReplicaLeadsAtOnce()
    {
        var election = Disabled();
        using var stop = new CancellationTokenSource();
        _ = election.RunAsync(stop.Token);

        var term = await Eventually.Within(election.WaitForLeadershipAsync(CancellationToken.None), "leadership");

        Assert.That(election.IsLeader, Is.True);
        Assert.That(election.Leader, Is.EqualTo("solo"));
        Assert.That(term.IsCancellationRequested, Is.False);
        await stop.CancelAsync();
    }

    [Test]
    public async Task StoppingTheElectionCancelsTheTermToken()
    {
        var election = Disabled();
        using var stop = new CancellationTokenSource();
        var run = election.RunAsync(stop.Token);
        var term = await Eventually.Within(election.WaitForLeadershipAsync(CancellationToken.None), "leadership");

        await stop.CancelAsync();
        await Eventually.Within(run, "the election to stop");

        Assert.That(term.IsCancellationRequested, Is.True);
        Assert.That(election.IsLeader, Is.False);
    }

    [Test]
    public async Task RunWhileLeadingGivesTheWorkTheTermToken()
    {
        var election = Disabled();
        using var stop = new CancellationTokenSource();
        var run = election.RunAsync(stop.Token);
        var started = new TaskCompletionSource<CancellationToken>();

        var leading = election.RunWhileLeadingAsync(
            async ct =>
            {
                started.TrySetResult(ct);
                await Task.Delay(Timeout.Infinite, ct);
            },
            stop.Token);
        var token = await Eventually.Within(started.Task, "the work to start");
        await stop.CancelAsync();

        await Eventually.Within(Task.WhenAll(run, leading), "election and work to stop");
        Assert.That(token.IsCancellationRequested, Is.True);
    }

    [Test]
    public void EnabledElectionNeedsAClient() =>
        Assert.That(() => new LeaderElection(null, new LeaderElectionSettings(), NullLogger<LeaderElection>.Instance), Throws.ArgumentNullException);

    [Test]
    public void WithoutAConfiguredIdentityEachInstanceGetsADistinctOne()
    {
        var a = new LeaderElection(null, new LeaderElectionSettings { Enabled = false }, NullLogger<LeaderElection>.Instance);
        var b = new LeaderElection(null, new LeaderElectionSettings { Enabled = false }, NullLogger<LeaderElection>.Instance);

        Assert.That(a.Identity, Is.Not.EqualTo(b.Identity));
        Assert.That(a.Identity.Length, Is.LessThanOrEqualTo(63));
    }

    [Test]
    public async Task TheReadinessGateOpensOnceTheElectionHasSeenTheLease()
    {
        var election = Disabled();
        var gates = new ReadinessGates();
        gates.TrackElection(election);
        Assert.That(gates.IsReady, Is.False);
        using var stop = new CancellationTokenSource();

        _ = election.RunAsync(stop.Token);

        await Eventually.Until(() => gates.IsReady, "the leader-election gate");
        await stop.CancelAsync();
    }
}
