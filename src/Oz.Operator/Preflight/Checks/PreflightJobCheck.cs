using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// Runs a real, short-lived Job with the task pod's shape and waits, by watching the Job, its pod
/// and the Events about them, until it completes, fails for a named reason, or times out.
/// The Job is deleted afterwards in every case, cancellation included.
/// </summary>
public sealed class PreflightJobCheck : IPreflightCheck
{
    public const string CheckName = "preflight-job";

    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WatchRestartDelay = TimeSpan.FromMilliseconds(200);

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timeout = context.Settings.JobTimeout;
        var job = PreflightJobFactory.RunJob(context.Options, context.RunId, timeout);
        var jobName = job.Metadata.Name;
        var ns = context.Options.Namespace;
        var stopwatch = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var pending = (JobDiagnosis?)null;
        try
        {
            if (await CreateAsync(context, job, deadline.Token, cancellationToken) is { } rejected)
            {
                return rejected;
            }

            context.Logger.LogDebug("Preflight Job {JobName} created in {Namespace}", jobName, ns);
            var diagnosis = await WatchUntilFinalAsync(context, jobName, ns, observed => pending = observed, deadline.Token);
            return diagnosis.IsSuccess
                ? PreflightCheckResult.Pass(Name, $"Job {jobName} (image {context.Options.PreflightImage}) ran to completion in {stopwatch.Elapsed.TotalSeconds:0.0}s")
                : PreflightCheckResult.Fail(Name, diagnosis.Reason, diagnosis.Detail, JobFixes.For(diagnosis.Reason, context.Options, timeout));
        }
        catch (PreflightWatchFailedException e)
        {
            return PreflightCheckResult.Fail(Name, JobDiagnosis.WatchFailed, e.Message, JobFixes.For(JobDiagnosis.WatchFailed, context.Options, timeout));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = pending?.Reason ?? JobDiagnosis.Timeout;
            var detail = $"Job {jobName} did not complete within {timeout.TotalSeconds:0.#}s" + (pending is null ? "" : $": {pending.Detail}");
            return PreflightCheckResult.Fail(Name, reason, detail, JobFixes.For(reason, context.Options, timeout));
        }
        finally
        {
            // Not the caller's token: a cancelled or timed-out preflight still removes its Job.
            await DeleteAsync(context, jobName, ns);
        }
    }

    /// <summary>
    /// Creates the Job, retrying transient answers (429, 5xx, broken connections) with backoff until
    /// the preflight timeout. A create is not side-effect free: the
    /// server may have stored the Job before its answer was lost, so a 409 AlreadyExists on a retry
    /// means our own Job (its name holds this run's id) and the check goes on with it. Returns the
    /// failure to report, or null once the Job exists.
    /// </summary>
    private async Task<PreflightCheckResult?> CreateAsync(PreflightContext context, V1Job job, CancellationToken deadline, CancellationToken cancellationToken)
    {
        var jobName = job.Metadata.Name;
        var attempts = 0;
        try
        {
            await TransientRetry.RunAsync(
                async () =>
                {
                    try
                    {
                        attempts++;
                        return await context.Client.BatchV1.CreateNamespacedJobAsync(job, context.Options.Namespace, cancellationToken: deadline);
                    }
                    catch (HttpOperationException e) when (attempts > 1 && e.Response.StatusCode == HttpStatusCode.Conflict)
                    {
                        context.Logger.LogDebug("Preflight Job {JobName} was stored by an attempt whose answer was lost", jobName);
                        return job;
                    }
                },
                deadline,
                cancellationToken);
            return null;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException)
        {
            var message = ApiErrors.Message(e);
            var reason = CreateFailureReason(ApiErrors.Code(e), message);
            var tries = attempts > 1 ? $" (after {attempts} attempts)" : "";
            return PreflightCheckResult.Fail(
                Name, reason, $"cannot create Job {jobName}: {message}{tries}", JobFixes.For(reason, context.Options, context.Settings.JobTimeout));
        }
    }

    /// <summary>Only the API server refusing this Job (a policy, a webhook, validation) is an admission denial.</summary>
    private static string CreateFailureReason(HttpStatusCode? code, string message) => code switch
    {
        HttpStatusCode.Forbidden when message.Contains("cannot create resource", StringComparison.Ordinal) => "Forbidden",
        HttpStatusCode.Forbidden or HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest => JobDiagnosis.AdmissionDenied,
        _ => JobDiagnosis.RequestFailed,
    };

    private static async Task<JobDiagnosis> WatchUntilFinalAsync(
        PreflightContext context, string jobName, string ns, Action<JobDiagnosis?> onPending, CancellationToken cancellationToken)
    {
        var client = context.Client;
        var selector = PreflightJobFactory.Selector(context.RunId);
        var observed = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        using var stopWatches = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = stopWatches.Token;
        Task[] pumps =
        [
            PumpAsync(context, "jobs", (failed, t) => client.BatchV1.WatchListNamespacedJobAsync(ns, labelSelector: selector, onError: failed, cancellationToken: t), observed.Writer, token),
            PumpAsync(context, "pods", (failed, t) => client.CoreV1.WatchListNamespacedPodAsync(ns, labelSelector: selector, onError: failed, cancellationToken: t), observed.Writer, token),
            PumpAsync(context, "events", (failed, t) => client.CoreV1.WatchListNamespacedEventAsync(ns, onError: failed, cancellationToken: t), observed.Writer, token),
        ];
        var pending = new PendingCause(context, jobName, stopWatches.Token);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pending.GiveUp);
        try
        {
            await foreach (var item in observed.Reader.ReadAllAsync(reading.Token))
            {
                if (item is V1Pod)
                {
                    // The Job controller made its pod: an earlier FailedCreate was passing.
                    pending.PodCreated();
                    onPending(pending.Last);
                }

                if (JobObservation.Of(item, jobName) is not { } diagnosis)
                {
                    continue;
                }

                if (diagnosis.Final)
                {
                    // A Job stopped by its deadline says less than what kept its pod from running.
                    return diagnosis.Reason == JobDiagnosis.Timeout && pending.Last is { } last ? last with { Final = true } : diagnosis;
                }

                pending.Observe(diagnosis);
                onPending(diagnosis);
            }

            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException) when (pending.GaveUp && !cancellationToken.IsCancellationRequested)
        {
            return pending.Verdict();
        }
        finally
        {
            await stopWatches.CancelAsync();
            await Task.WhenAll([.. pumps, pending.Logging]);
            pending.Dispose();
        }
    }

    /// <summary>
    /// Feeds one watch into the channel; a stream the server closes is reopened (the server replays
    /// current state). The client's typed watch hands an event it cannot decode to its error callback
    /// and skips it: that ends the check (<see cref="PreflightWatchFailedException"/>), since the
    /// skipped event may be the one that says how the Job ended.
    /// </summary>
    private static async Task PumpAsync<T>(
        PreflightContext context,
        string what,
        Func<Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType Type, T Item)>> open,
        ChannelWriter<object> writer,
        CancellationToken cancellationToken)
    {
        void Failed(Exception e)
        {
            if (e is k8s.KubernetesException)
            {
                // An ERROR event (a Status, e.g. 410 Gone): the server ends the stream and it is reopened.
                context.Logger.LogDebug(e, "Preflight watch of {Resource} sent an error", what);
                return;
            }

            context.Logger.LogWarning(e, "Preflight watch of {Resource} failed", what);
            writer.TryComplete(new PreflightWatchFailedException(what, e));
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var (type, item) in open(Failed, cancellationToken))
                {
                    if (type is WatchEventType.Added or WatchEventType.Modified && item is not null)
                    {
                        await writer.WriteAsync(item, cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Forbidden)
            {
                // The permissions check reports the missing verb; diagnosis goes on with the other watches.
                context.Logger.LogWarning("Preflight cannot watch {Resource}: {Message}", what, ApiErrors.Message(e));
                return;
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or IOException or k8s.KubernetesException)
            {
                context.Logger.LogDebug(e, "Preflight watch of {Resource} ended; reopening", what);
            }
            catch (ChannelClosedException)
            {
                // The check has ended, or a watch failed (above) and ended it.
                return;
            }
            catch (Exception e)
            {
                // Not the connection: the events themselves. Reopening replays the same events, so
                // the check ends now, with the reason, instead of at its timeout.
                Failed(e);
                return;
            }

            try
            {
                await Task.Delay(WatchRestartDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task DeleteAsync(PreflightContext context, string jobName, string ns)
    {
        using var deleteTimeout = new CancellationTokenSource(DeleteTimeout);
        try
        {
            await context.Client.BatchV1.DeleteNamespacedJobAsync(jobName, ns, propagationPolicy: "Background", cancellationToken: deleteTimeout.Token);
            context.Logger.LogDebug("Preflight Job {JobName} deleted", jobName);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Never created (rejected) or already gone.
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            context.Logger.LogWarning(
                "Cannot delete preflight Job {JobName} in {Namespace}: {Message}; its ttlSecondsAfterFinished removes it once finished",
                jobName, ns, ApiErrors.Message(e));
        }
    }
}
