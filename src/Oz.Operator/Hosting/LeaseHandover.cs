namespace Oz.Operator.Hosting;

/// <summary>
/// The last steps of a leader's shutdown: wait for its work to stop, stop renewing, and give the
/// Lease up — but only if the work did stop. Work still running at the shutdown deadline keeps the
/// Lease: it expires on its own leaseDuration after its last renewal, so no standby takes over
/// while this replica may still write.
/// </summary>
public static class LeaseHandover
{
    /// <param name="work">The leader's work, already told to stop.</param>
    /// <param name="isLeading">Whether this replica holds the Lease (read once the work is waited for).</param>
    /// <param name="stopCampaign">Stops renewing the Lease (bounded by the deadline itself).</param>
    /// <param name="release">Gives the Lease up (clears its holder).</param>
    /// <param name="deadline">The shutdown's one deadline.</param>
    /// <param name="leaseDuration">How long the Lease outlives its last renewal (for the log line).</param>
    /// <param name="logger">Where the decision is logged.</param>
    /// <returns>Whether the Lease was released.</returns>
    public static async Task<bool> RunAsync(
        Task work,
        Func<bool> isLeading,
        Func<Task> stopCampaign,
        Func<Task> release,
        ShutdownDeadline deadline,
        TimeSpan leaseDuration,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(isLeading);
        ArgumentNullException.ThrowIfNull(stopCampaign);
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(deadline);
        var stopped = await deadline.WaitAsync(work).ConfigureAwait(false);
        if (stopped && work.Exception?.GetBaseException() is { } error and not OperationCanceledException)
        {
            logger.LogWarning(error, "Shutdown: leader work ended with an error");
        }

        var wasLeading = isLeading();
        await stopCampaign().ConfigureAwait(false);
        if (!stopped && wasLeading)
        {
            logger.LogWarning(
                "Shutdown: leader work still running at the shutdown deadline ({Timeout}); not releasing the Lease: it expires {LeaseDuration} after its last renewal, so no standby takes over while this replica may still write",
                deadline.Budget, leaseDuration);
            return false;
        }

        if (!stopped)
        {
            logger.LogWarning("Shutdown: leader work still running at the shutdown deadline ({Timeout}); not waiting", deadline.Budget);
            return false;
        }

        if (!wasLeading)
        {
            return false;
        }

        await release().ConfigureAwait(false);
        return true;
    }
}
