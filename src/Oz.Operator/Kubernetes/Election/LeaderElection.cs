using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace Oz.Operator.Kubernetes.Election;

/// <summary>
/// Leader election on a Lease (KubernetesClient's <see cref="LeaderElector"/> + <see cref="LeaseLock"/>):
/// any number of replicas, one leading. <see cref="RunAsync"/> campaigns until stopped; each term of
/// leadership comes with a <see cref="CancellationToken"/> (from <see cref="WaitForLeadershipAsync"/>)
/// that is cancelled the moment the term ends — when renewing fails for
/// <see cref="LeaderElectionSettings.RenewDeadline"/>, which is shorter than the lease, so the old
/// leader has stopped before anyone else may take over.
/// </summary>
/// <remarks>
/// After losing a term the replica campaigns again; whoever runs the leader's work must stop it when
/// the token is cancelled and may start it again on the next term (<see cref="RunWhileLeadingAsync"/>
/// does exactly that). A host that prefers client-go's stance — exit and let Kubernetes restart the
/// pod — simply returns when the first term ends.
/// </remarks>
public sealed class LeaderElection
{
    private readonly IKubernetes? client;
    private readonly LeaderElectionSettings options;
    private readonly ILogger logger;
    private readonly Lock sync = new();
    private TaskCompletionSource<CancellationToken> nextTerm = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? term;
    private volatile string? leader;

    public LeaderElection(IKubernetes? client, LeaderElectionSettings options, ILogger<LeaderElection> logger)
    {
        if (options.Enabled && client is null)
        {
            throw new ArgumentNullException(nameof(client), "Leader election needs a Kubernetes client unless disabled.");
        }

        this.client = client;
        this.options = options;
        this.logger = logger;
        Identity = string.IsNullOrWhiteSpace(options.Identity) ? DefaultIdentity() : options.Identity;
    }

    /// <summary>Raised with true when a term starts and false when it ends.</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>Raised once the election has contacted the API and seen who leads (readiness).</summary>
    public event Action? Observed;

    public string Identity { get; }

    public bool IsLeader
    {
        get
        {
            lock (sync)
            {
                return term is not null;
            }
        }
    }

    /// <summary>The holder last observed on the Lease; this replica's identity while leading.</summary>
    public string? Leader => leader;

    /// <summary>Campaigns for the lease, term after term, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            logger.LogInformation("Leader election disabled: {Identity} leads", Identity);
            leader = Identity;
            Raise(Observed);
            StartTerm();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping.
            }
            finally
            {
                EndTerm();
            }

            return;
        }

        var config = new LeaderElectionConfig(new LeaseLock(client!, options.LeaseNamespace, options.LeaseName, Identity))
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        elector.OnStartedLeading += StartTerm;
        elector.OnStoppedLeading += EndTerm;
        elector.OnNewLeader += OnNewLeader;
        elector.OnError += ex => logger.LogDebug(ex, "Leader election {Identity}: acquire/renew attempt failed", Identity);
        logger.LogInformation("Leader election {Identity}: campaigning for lease {Namespace}/{Lease}", Identity, options.LeaseNamespace, options.LeaseName);

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await elector.RunUntilLeadershipLostAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // E.g. the API unreachable while acquiring: campaign again after a pause.
                logger.LogWarning(ex, "Leader election {Identity}: campaign failed; retrying", Identity);
                try
                {
                    await Task.Delay(options.RetryPeriod, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        EndTerm();
    }

    /// <summary>
    /// Completes when this replica leads, with a token cancelled when that term ends (or at once
    /// with a cancelled task if <paramref name="cancellationToken"/> fires first).
    /// </summary>
    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        lock (sync)
        {
            return term is { } current
                ? Task.FromResult(current.Token)
                : nextTerm.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> during each term of leadership with that term's token, and
    /// again on the next term, until <paramref name="cancellationToken"/> is cancelled.
    /// Requires <see cref="RunAsync"/> to be running. An exception thrown by <paramref name="work"/>
    /// (other than cancellation) ends the loop and is rethrown: the host should treat it as fatal.
    /// </summary>
    public async Task RunWhileLeadingAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!await RunOneTermAsync(work, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> during the first term of leadership with that term's token and
    /// returns when the term ends (or <paramref name="cancellationToken"/> fires): client-go's and
    /// controller-runtime's stance, where a replica that lost the Lease exits instead of working on
    /// beside the new leader. An exception thrown by <paramref name="work"/> (other than
    /// cancellation) is rethrown.
    /// </summary>
    public async Task RunFirstTermAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await RunOneTermAsync(work, cancellationToken).ConfigureAwait(false);
    }

    // Waits for a term, runs the work in it and returns when the term or the host ends; false when
    // the host ended before a term began.
    private async Task<bool> RunOneTermAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        CancellationToken termToken;
        try
        {
            termToken = await WaitForLeadershipAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        using var both = CancellationTokenSource.CreateLinkedTokenSource(termToken, cancellationToken);
        try
        {
            await work(both.Token).ConfigureAwait(false);

            // Work that returns on its own while leading is not started twice in one term.
            await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (both.IsCancellationRequested)
        {
            // The term or the host ended.
        }

        return true;
    }

    private void StartTerm()
    {
        TaskCompletionSource<CancellationToken> started;
        CancellationToken token;
        lock (sync)
        {
            if (term is not null)
            {
                return;
            }

            term = new CancellationTokenSource();
            token = term.Token;
            started = nextTerm;
            nextTerm = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        leader = Identity;
        logger.LogInformation("Leader election {Identity}: started leading", Identity);
        started.TrySetResult(token);
        Raise(() => LeadershipChanged?.Invoke(true));
    }

    private void EndTerm()
    {
        CancellationTokenSource? ended;
        lock (sync)
        {
            ended = term;
            term = null;
        }

        if (ended is null)
        {
            return;
        }

        logger.LogWarning("Leader election {Identity}: stopped leading", Identity);
        try
        {
            ended.Cancel();
        }
        catch (AggregateException ex)
        {
            logger.LogError(ex, "Leader election {Identity}: a term-end callback failed", Identity);
        }
        finally
        {
            ended.Dispose();
        }

        Raise(() => LeadershipChanged?.Invoke(false));
    }

    private void OnNewLeader(string holder)
    {
        var first = leader is null;
        leader = holder;
        logger.LogInformation("Leader election {Identity}: leader is {Leader}", Identity, holder);
        if (first)
        {
            Raise(Observed);
        }
    }

    private void Raise(Action? handler)
    {
        try
        {
            handler?.Invoke();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Leader election {Identity}: listener failed", Identity);
        }
    }

    // POD_NAME is read where the operator is composed (its environment is passed in there), not here,
    // so an election never picks up the identity of whatever process happens to host it.
    private static string DefaultIdentity()
    {
        // The random suffix keeps two processes on one host (or a restart) distinct.
        var host = Environment.MachineName;
        return $"{host[..Math.Min(host.Length, 54)]}-{Guid.NewGuid().ToString("N")[..8]}";
    }
}
