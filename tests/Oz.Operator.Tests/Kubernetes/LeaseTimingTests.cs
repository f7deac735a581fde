using k8s.Autorest;
using k8s.LeaderElection;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>
/// The timing of the elector the operator uses (KubernetesClient's <see cref="LeaderElector"/>), which
/// the configuration check's fencing rule (<see cref="OperatorOptionsValidator.StandbyMargin"/>) rests
/// on: a leader that cannot renew leads on for retryPeriod + renewDeadline after its last renewal, a
/// standby takes the Lease no sooner than leaseDuration after it. Only lower bounds are asserted: a
/// slow machine makes the measured spans longer, never shorter.
/// </summary>
public sealed class LeaseTimingTests
{
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromMilliseconds(1000);

    // Timers fire on whole milliseconds of a coarser clock than Stopwatch's.
    private static readonly TimeSpan TimerSlack = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Test]
    public async Task ALeaderThatCannotRenewLeadsOnForRetryPeriodPlusRenewDeadlineAfterItsLastRenewal()
    {
        var store = new LeaseStore();
        var leader = store.LockFor("a");
        using var elector = new LeaderElector(Config(leader));
        var stopped = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        elector.OnStoppedLeading += () => stopped.TrySetResult(store.Clock.Elapsed);
        using var cancel = new CancellationTokenSource();
        var run = elector.RunUntilLeadershipLostAsync(cancel.Token);
        await store.RenewedAsync("a", times: 2).WaitAsync(Timeout);

        // The API server answers every request of this replica with an error from now on.
        leader.Refuse = true;
        var termEnded = await stopped.Task.WaitAsync(Timeout);
        await cancel.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.That(termEnded - leader.LastRenewal, Is.GreaterThanOrEqualTo(RetryPeriod + RenewDeadline - TimerSlack),
            "the term outlives the last renewal by more than renewDeadline alone");
    }

    [Test]
    public async Task AStandbyTakesTheLeaseNoSoonerThanLeaseDurationAfterTheLastRenewalItSaw()
    {
        var store = new LeaseStore();
        store.Seed("a");
        var standby = store.LockFor("b");
        using var elector = new LeaderElector(Config(standby));
        using var cancel = new CancellationTokenSource();
        var run = elector.RunUntilLeadershipLostAsync(cancel.Token);

        await store.RenewedAsync("b", times: 1).WaitAsync(Timeout);
        await cancel.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.That(standby.FirstAcquisition - store.SeededAt, Is.GreaterThanOrEqualTo(LeaseDuration - TimerSlack));
    }

    [TestCase(15, 10, 2, 2)]
    [TestCase(15, 10, 2, 2.9)]
    [TestCase(3, 1.5, 0.25, 1)]
    [TestCase(60, 40, 5, 10)]
    public void EveryShutdownTimeoutTheCheckAcceptsEndsTheOldTermsWorkBeforeAStandbyMayLead(double lease, double renew, double retry, double shutdown)
    {
        var election = new LeaderElectionOptions { LeaseDuration = Seconds(lease), RenewDeadline = Seconds(renew), RetryPeriod = Seconds(retry) };
        var options = new OperatorOptions { WorkerId = "w", ShutdownTimeout = Seconds(shutdown), LeaderElection = election };

        Assert.Multiple(() =>
        {
            Assert.That(new OperatorOptionsValidator().Validate(options).Errors, Is.Empty);

            // Last renewal at 0: the term ends by retryPeriod + renewDeadline (the first test), the work
            // by shutdownTimeout later; a standby leads from leaseDuration on (the second test).
            Assert.That(election.RetryPeriod + election.RenewDeadline + options.ShutdownTimeout, Is.LessThan(election.LeaseDuration));
        });
    }

    [TestCase(15, 10, 2, 3)]
    [TestCase(15, 10, 2, 4)]
    [TestCase(3, 1.5, 0.25, 1.25)]
    public void AShutdownTimeoutThatCouldOverlapAStandbysTermIsRefused(double lease, double renew, double retry, double shutdown)
    {
        var election = new LeaderElectionOptions { LeaseDuration = Seconds(lease), RenewDeadline = Seconds(renew), RetryPeriod = Seconds(retry) };
        var options = new OperatorOptions { WorkerId = "w", ShutdownTimeout = Seconds(shutdown), LeaderElection = election };

        Assert.That(new OperatorOptionsValidator().Validate(options).Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { "shutdownTimeout" }));
    }

    private static TimeSpan Seconds(double value) => TimeSpan.FromSeconds(value);

    private static LeaderElectionConfig Config(ILock @lock) => new(@lock)
    {
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = RetryPeriod,
    };

    /// <summary>One Lease held in memory, read and written by several replicas' locks, with the time of each write.</summary>
    private sealed class LeaseStore
    {
        private readonly Lock sync = new();
        private readonly Dictionary<string, (int Count, TaskCompletionSource Reached, int Target)> waits = [];
        private LeaderElectionRecord? record;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public TimeSpan SeededAt { get; private set; }

        public StoreLock LockFor(string identity) => new(this, identity);

        /// <summary>A Lease held by <paramref name="holder"/>, renewed now, whose holder never renews it again.</summary>
        public void Seed(string holder)
        {
            lock (sync)
            {
                record = new LeaderElectionRecord { HolderIdentity = holder, AcquireTime = DateTime.UtcNow, RenewTime = DateTime.UtcNow, LeaseDurationSeconds = 1 };
                SeededAt = Clock.Elapsed;
            }
        }

        /// <summary>Completes once <paramref name="identity"/> has written the Lease <paramref name="times"/> times.</summary>
        public Task RenewedAsync(string identity, int times)
        {
            lock (sync)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var count = waits.TryGetValue(identity, out var existing) ? existing.Count : 0;
                waits[identity] = (count, reached, times);
                if (count >= times)
                {
                    reached.TrySetResult();
                }

                return reached.Task;
            }
        }

        public LeaderElectionRecord? Read()
        {
            lock (sync)
            {
                return record is null ? null : Copy(record);
            }
        }

        public bool Write(LeaderElectionRecord written, bool create)
        {
            lock (sync)
            {
                if (create != (record is null))
                {
                    return false;
                }

                record = Copy(written);
                var (count, reached, target) = waits.TryGetValue(written.HolderIdentity, out var w) ? w : (0, new TaskCompletionSource(), int.MaxValue);
                waits[written.HolderIdentity] = (count + 1, reached, target);
                if (count + 1 >= target)
                {
                    reached.TrySetResult();
                }

                return true;
            }
        }

        private static LeaderElectionRecord Copy(LeaderElectionRecord r) => new()
        {
            HolderIdentity = r.HolderIdentity,
            AcquireTime = r.AcquireTime,
            RenewTime = r.RenewTime,
            LeaseDurationSeconds = r.LeaseDurationSeconds,
            LeaderTransitions = r.LeaderTransitions,
        };
    }

    /// <summary>One replica's view of the <see cref="LeaseStore"/>; while <see cref="Refuse"/>, every request gets a 503.</summary>
    private sealed class StoreLock(LeaseStore store, string identity) : ILock
    {
        private long lastRenewalTicks;
        private long firstAcquisitionTicks = -1;
        private volatile bool refuse;

        public string Identity => identity;

        public bool Refuse
        {
            get => refuse;
            set => refuse = value;
        }

        /// <summary>When this replica's last successful write of the Lease landed.</summary>
        public TimeSpan LastRenewal => TimeSpan.FromTicks(Interlocked.Read(ref lastRenewalTicks));

        /// <summary>When this replica first wrote the Lease.</summary>
        public TimeSpan FirstAcquisition => TimeSpan.FromTicks(Interlocked.Read(ref firstAcquisitionTicks));

        public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default)
        {
            Check();

            // KubernetesClient's own LeaseLock answers a missing Lease with 404.
            return Task.FromResult(store.Read() ?? throw Error(HttpStatusCode.NotFound));
        }

        public Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => Task.FromResult(Write(record, create: true));

        public Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) => Task.FromResult(Write(record, create: false));

        public string Describe() => identity;

        private bool Write(LeaderElectionRecord record, bool create)
        {
            Check();
            if (!store.Write(record, create))
            {
                return false;
            }

            var now = store.Clock.Elapsed.Ticks;
            Interlocked.Exchange(ref lastRenewalTicks, now);
            Interlocked.CompareExchange(ref firstAcquisitionTicks, now, -1);
            return true;
        }

        private void Check()
        {
            if (Refuse)
            {
                throw Error(HttpStatusCode.ServiceUnavailable);
            }
        }

        private static HttpOperationException Error(HttpStatusCode code) =>
            new($"lease store: {code}") { Response = new HttpResponseMessageWrapper(new HttpResponseMessage(code), "") };
    }
}
