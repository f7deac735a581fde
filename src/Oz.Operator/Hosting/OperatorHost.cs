using Oz.Operator.Configuration;
using Oz.Operator.Health;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Election;
using Oz.Operator.Telemetry.Logging;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Hosting;

/// <summary>
/// Where `run` hands over once the configuration is valid and the API server answers: starts the
/// parts built by <see cref="OperatorComponents"/> in order. Health endpoints and the three watches
/// run for the life of the process (a standby keeps warm caches); preflight must pass before any
/// work is accepted; the controller's workers and the Oz connection run only while this replica
/// holds the Lease. Shutdown (SIGTERM, or the end of the term) has one deadline, <c>shutdownTimeout</c>,
/// for all its steps: the work stops first, the Lease is given up only once it has, then the watches
/// and endpoints; whatever still runs when the deadline passes is left to end with the process.
/// </summary>
public static class OperatorHost
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires (Ctrl-C, SIGTERM) and returns the exit code.</summary>
    /// <param name="options">The validated configuration.</param>
    /// <param name="connection">The cluster.</param>
    /// <param name="loggerFactory">Where the operator logs.</param>
    /// <param name="redactor">The redactor <paramref name="loggerFactory"/> formats with; secrets met at run time are registered on it.</param>
    /// <param name="cancellationToken">Ctrl-C or SIGTERM.</param>
    /// <param name="environment">Where POD_NAME, POD_NAMESPACE and WARP_API_KEY are read (the process environment when null).</param>
    public static async Task<int> RunAsync(
        OperatorOptions options,
        KubernetesConnection connection,
        ILoggerFactory loggerFactory,
        SecretRedactor redactor,
        CancellationToken cancellationToken,
        Func<string, string?>? environment = null)
    {
        var components = OperatorComponents.Create(options, connection, loggerFactory, environment, redactor);
        await using (components.ConfigureAwait(false))
        {
            return await RunAsync(components, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs already built <paramref name="components"/> (tests build them to reach the health port or the election).</summary>
    public static async Task<int> RunAsync(OperatorComponents components, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var logger = loggerFactory.CreateLogger("Oz.Operator");
        var options = components.Options;
        var readiness = components.Readiness;

        await components.Health.StartAsync(cancellationToken).ConfigureAwait(false);
        await components.Telemetry.StartAsync(cancellationToken).ConfigureAwait(false);
        var preflightGate = new PreflightGate(readiness, components.Telemetry.Metrics);
        logger.LogInformation(
            "Operator {Identity} starting for worker {WorkerId} in namespace {Namespace}",
            components.Election.Identity, options.WorkerId, options.Namespace);

        var deadline = new ShutdownDeadline(options.ShutdownTimeout);
        using var startDeadline = cancellationToken.Register(deadline.Start);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchdog = components.Watchdog.RunAsync(stopping.Token);
        var informers = Task.WhenAll(components.Tasks.RunInformersAsync(stopping.Token), components.Schedules.RunInformerAsync(stopping.Token));
        components.Liveness.AddLoop("informers", informers, stopping.Token);
        var synced = readiness.OpenWhenSyncedAsync(components.Informers, stopping.Token);
        try
        {
            var preflight = await OperatorPreflight.RunAsync(components, loggerFactory, stopping.Token).ConfigureAwait(false);
            preflightGate.Complete(preflight.Passed);
            if (!preflight.Passed)
            {
                Console.Error.WriteLine(preflight.Report);
                return ExitCodes.PreflightFailed;
            }

            return await RunLeaderWorkAsync(components, logger, deadline, stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        finally
        {
            deadline.Start();
            await stopping.CancelAsync().ConfigureAwait(false);
            await WaitQuietlyAsync(Task.WhenAll(informers, synced, watchdog), deadline, logger, "informers").ConfigureAwait(false);
            using (var rest = new CancellationTokenSource(deadline.Remaining))
            {
                await components.Telemetry.StopAsync(rest.Token).ConfigureAwait(false);
                await components.Health.StopAsync(rest.Token).ConfigureAwait(false);
            }

            logger.LogInformation("Operator {Identity} stopped", components.Election.Identity);
        }
    }

    /// <summary>Campaigns for the Lease and, during each term, runs the controller's workers and the Oz bridge.</summary>
    private static async Task<int> RunLeaderWorkAsync(OperatorComponents components, ILogger logger, ShutdownDeadline deadline, CancellationToken cancellationToken)
    {
        var election = components.Election;

        // The deadline starts the moment the term ends, not when the work notices: work that ignored
        // the term's token is left behind when it passes, and the process exits with it.
        var termEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLeadershipChanged(bool leading)
        {
            if (!leading)
            {
                deadline.Start();
                termEnded.TrySetResult();
            }
        }

        election.LeadershipChanged += OnLeadershipChanged;
        using var campaigning = new CancellationTokenSource();
        var campaign = election.RunAsync(campaigning.Token);
        components.Liveness.AddLoop("leader-election", campaign, cancellationToken);
        // One term per process: a replica that loses the Lease stops its work as the term's token
        // fires (every write and Event observes it) and exits; it comes back as a standby.
        var controller = election.RunFirstTermAsync(components.Tasks.Controller.RunAsync, cancellationToken);
        var schedules = election.RunFirstTermAsync(components.Schedules.Controller.RunAsync, cancellationToken);
        var oz = election.RunFirstTermAsync(components.Oz.RunAsync, cancellationToken);

        var work = Task.WhenAll(controller, schedules, oz);
        var exitCode = ExitCodes.Ok;
        try
        {
            await Task.WhenAny(work, termEnded.Task).WaitAsync(cancellationToken).ConfigureAwait(false);
            deadline.Start();
            if (work.IsFaulted)
            {
                logger.LogCritical(work.Exception.GetBaseException(), "Leader work failed; exiting so the replica restarts");
            }
            else
            {
                // Before shutdown the work ends only with the term.
                logger.LogCritical(
                    "Lost the Lease {Namespace}/{Lease}: work stops with the term; exiting so the replica restarts as a standby",
                    components.ElectionSettings.LeaseNamespace, components.ElectionSettings.LeaseName);
            }

            exitCode = ExitCodes.RuntimeError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation("Shutting down: stopping workers and the Oz connection within {Timeout}", deadline.Budget);
        }
        finally
        {
            election.LeadershipChanged -= OnLeadershipChanged;
        }

        // Workers and the Oz connection stop first (they watch the same token, and the deadline runs
        // from the end of the term or from SIGTERM); only then is the Lease given up, so a standby never
        // works while this replica still does. Work that overran the deadline keeps the Lease: it
        // expires on its own after leaseDuration, once this process has exited.
        await LeaseHandover.RunAsync(
            work,
            () => election.IsLeader,
            async () =>
            {
                await campaigning.CancelAsync().ConfigureAwait(false);
                await WaitQuietlyAsync(campaign, deadline, logger, "leader election").ConfigureAwait(false);
            },
            () => components.Options.LeaderElection.Enabled ? ReleaseLeaseAsync(components, deadline, logger) : Task.CompletedTask,
            deadline,
            components.ElectionSettings.LeaseDuration,
            logger).ConfigureAwait(false);

        return exitCode;
    }

    private static async Task ReleaseLeaseAsync(OperatorComponents components, ShutdownDeadline deadline, ILogger logger)
    {
        var election = components.ElectionSettings;
        using var timeout = new CancellationTokenSource(deadline.Remaining);
        try
        {
            if (await LeaseRelease.ReleaseAsync(components.Client, election.LeaseNamespace, election.LeaseName, components.Election.Identity, timeout.Token).ConfigureAwait(false))
            {
                logger.LogInformation("Released lease {Namespace}/{Lease}", election.LeaseNamespace, election.LeaseName);
            }
        }
        catch (Exception e)
        {
            // Not fatal: the lease expires on its own after leaseDuration.
            logger.LogWarning(e, "Could not release lease {Namespace}/{Lease}", election.LeaseNamespace, election.LeaseName);
        }
    }

    /// <summary>Waits for <paramref name="task"/> within the deadline; true when it ended in time.</summary>
    private static async Task<bool> WaitQuietlyAsync(Task task, ShutdownDeadline deadline, ILogger logger, string what)
    {
        if (!await deadline.WaitAsync(task).ConfigureAwait(false))
        {
            logger.LogWarning("Shutdown: {What} still running at the shutdown deadline ({Timeout}); not waiting", what, deadline.Budget);
            return false;
        }

        if (task.Exception?.GetBaseException() is { } error and not OperationCanceledException)
        {
            logger.LogWarning(error, "Shutdown: {What} ended with an error", what);
        }

        return true;
    }
}
