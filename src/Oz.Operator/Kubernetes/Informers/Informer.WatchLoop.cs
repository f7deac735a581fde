using k8s;

namespace Oz.Operator.Kubernetes.Informers;

// The list-and-watch loop: when to relist, how a stream is read, and how failures back off.
public sealed partial class Informer<T>
{
    private const int MaxWarnedUndecodable = 1000;

    private readonly HashSet<string> warnedUndecodable = new(StringComparer.Ordinal);

    private async Task ListAndWatchLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    await ListAsync(cancellationToken).ConfigureAwait(false);
                }

                var openedAt = time.GetTimestamp();
                var events = await WatchAsync(cancellationToken).ConfigureAwait(false);
                if (events == 0 && time.GetElapsedTime(openedAt) < options.MinHealthyWatchDuration)
                {
                    await FailAsync(null, "ended at once without an event", cancellationToken).ConfigureAwait(false);
                    continue;
                }

                consecutiveFailures = 0;
                MarkHealthy();
                logger.LogDebug("Informer {Informer}: watch ended after {Events} events, resuming from {ResourceVersion}", Name, events, resourceVersion);
                Restarted(WatchRestartReason.StreamEnded);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (WatchErrors.IsGone(ex))
            {
                logger.LogInformation("Informer {Informer}: resourceVersion {ResourceVersion} expired (410 Gone), relisting", Name, resourceVersion);
                resourceVersion = null;
                Restarted(WatchRestartReason.Expired);

                // A relist is the normal answer to 410, but expiring again before any event means
                // something is wrong: back off instead of relisting in a tight loop.
                if (++consecutiveFailures > 1)
                {
                    MarkFailing();
                    await DelayAsync(options.Backoff.Delay(consecutiveFailures - 1), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (UndecodableWatchEventException ex)
            {
                SkipUndecodable(ex);
            }
            catch (Exception ex)
            {
                await FailAsync(ex, ex.Message, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Resuming from the same resourceVersion would meet the same event again, forever. An event
    // about a known object means the cache missed a change of it: relist, which brings its current
    // state and a resourceVersion past the event. An event too broken to name its object but with a
    // readable resourceVersion is stepped over by resuming from that version.
    private void SkipUndecodable(UndecodableWatchEventException ex)
    {
        Interlocked.Increment(ref skippedEvents);
        var relist = ex.Name is not null || string.IsNullOrEmpty(ex.ResourceVersion);
        var subject = $"{ex.Kind ?? typeof(T).Name}:{ex.ObjectName}";
        bool first;
        lock (warnedUndecodable)
        {
            // Bounded: a flood of distinct broken objects must not grow memory; past the bound every one is logged.
            first = warnedUndecodable.Count >= MaxWarnedUndecodable || warnedUndecodable.Add(subject);
        }

        logger.Log(
            first ? LogLevel.Warning : LogLevel.Debug,
            ex.InnerException,
            "Informer {Informer}: skipped an undecodable watch event for {Kind} {Object} at resourceVersion {ResourceVersion}; {Next}",
            Name,
            ex.Kind ?? typeof(T).Name,
            ex.ObjectName,
            ex.ResourceVersion ?? "unknown",
            relist ? "relisting" : "resuming after it");
        resourceVersion = relist ? null : ex.ResourceVersion;
        Restarted(WatchRestartReason.UndecodableEvent);
    }

    private async Task FailAsync(Exception? exception, string what, CancellationToken cancellationToken)
    {
        MarkFailing();
        var delay = options.Backoff.Delay(++consecutiveFailures);
        logger.LogWarning(exception, "Informer {Informer}: list/watch failed ({Failure}); retry {Attempt} in {Delay}", Name, what, consecutiveFailures, delay);
        Restarted(WatchRestartReason.Error);
        await DelayAsync(delay, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        var minSeconds = (int)options.MinWatchTimeout.TotalSeconds;
        var maxSeconds = Math.Max(minSeconds, (int)options.MaxWatchTimeout.TotalSeconds);
        var request = new WatchRequest(resourceVersion!, options.LabelSelector, AllowBookmarks: true, Random.Shared.Next(minSeconds, maxSeconds + 1));
        var events = 0;
        await foreach (var (type, obj) in listerWatcher.WatchAsync(request, cancellationToken).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (type == WatchEventType.Error)
            {
                // Adapters turn ERROR events carrying a Status into exceptions; one without a
                // usable status is still a failed stream.
                throw new KubernetesException("watch ERROR event without a status");
            }

            if (++events == 1)
            {
                consecutiveFailures = 0;
                MarkHealthy();
            }

            if (obj?.Metadata is null)
            {
                continue;
            }

            if (type != WatchEventType.Bookmark && obj.Metadata.Name is not null)
            {
                await ApplyAsync(type, obj, cancellationToken).ConfigureAwait(false);
            }

            if (!string.IsNullOrEmpty(obj.Metadata.ResourceVersion))
            {
                resourceVersion = obj.Metadata.ResourceVersion;
            }
        }

        return events;
    }

    private void Restarted(WatchRestartReason reason)
    {
        Interlocked.Increment(ref watchRestarts);
        try
        {
            WatchRestarted?.Invoke(reason);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Informer {Informer}: watch-restart listener failed", Name);
        }
    }

    private void MarkFailing() =>
        Interlocked.CompareExchange(ref failingSinceUtcTicks, time.GetUtcNow().UtcTicks, 0);

    private void MarkHealthy() => Interlocked.Exchange(ref failingSinceUtcTicks, 0);

    private async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the loop condition ends the run.
        }
    }
}
