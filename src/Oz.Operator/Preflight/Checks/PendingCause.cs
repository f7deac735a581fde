using System.Diagnostics;

namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// The latest not-yet-final cause that keeps the preflight Job from finishing, and when to stop
/// waiting for it to clear:
/// <list type="bullet">
/// <item>Unschedulable: after <c>unschedulableTimeout</c>, as a task would; or, when
/// <see cref="PreflightSettings.WaitWhileUnschedulable"/> (the startup preflight, where a node pool
/// may be scaling up from zero), not before the preflight timeout, logging every
/// <see cref="PreflightSettings.ProgressLogInterval"/> that it is still waiting.</item>
/// <item>FailedCreate: after <see cref="PreflightSettings.FailedCreateGrace"/> without a pod. The
/// first one is often passing (a new namespace whose <c>default</c> ServiceAccount is not created
/// yet); the Job controller keeps trying.</item>
/// <item>Anything else (a mount being retried): at the preflight timeout.</item>
/// </list>
/// Used by one reader; <see cref="Last"/> is also read by the logging loop.
/// </summary>
internal sealed class PendingCause : IDisposable
{
    private readonly PreflightContext _context;
    private readonly string _jobName;
    private readonly CancellationToken _stop;
    private readonly CancellationTokenSource _giveUp = new();
    private readonly Stopwatch _since = new();
    private volatile JobDiagnosis? _last;

    public PendingCause(PreflightContext context, string jobName, CancellationToken stop)
    {
        _context = context;
        _jobName = jobName;
        _stop = stop;
    }

    public JobDiagnosis? Last => _last;

    /// <summary>Fires when a cause has lasted longer than it is allowed to.</summary>
    public CancellationToken GiveUp => _giveUp.Token;

    public bool GaveUp => _giveUp.IsCancellationRequested;

    /// <summary>The "still waiting" log loop, started by the first Unschedulable when waiting for it.</summary>
    public Task Logging { get; private set; } = Task.CompletedTask;

    public void Observe(JobDiagnosis diagnosis)
    {
        var previous = _last?.Reason;
        _last = diagnosis;
        if (diagnosis.Reason == previous)
        {
            return;
        }

        _since.Restart();
        var settings = _context.Settings;
        switch (diagnosis.Reason)
        {
            case JobDiagnosis.Unschedulable when settings.WaitWhileUnschedulable:
                _giveUp.CancelAfter(Timeout.InfiniteTimeSpan);
                if (Logging.IsCompleted)
                {
                    Logging = LogWhileUnschedulableAsync();
                }

                break;
            case JobDiagnosis.Unschedulable:
                _giveUp.CancelAfter(_context.Options.UnschedulableTimeout);
                break;
            case JobDiagnosis.FailedCreate:
                _giveUp.CancelAfter(settings.FailedCreateGrace);
                break;
            default:
                _giveUp.CancelAfter(Timeout.InfiniteTimeSpan);
                break;
        }
    }

    /// <summary>A pod of the Job exists: a FailedCreate before it no longer holds.</summary>
    public void PodCreated()
    {
        if (_last?.Reason == JobDiagnosis.FailedCreate && !_giveUp.IsCancellationRequested)
        {
            _giveUp.CancelAfter(Timeout.InfiniteTimeSpan);
            _last = null;
        }
    }

    /// <summary>The final diagnosis once <see cref="GiveUp"/> fired.</summary>
    public JobDiagnosis Verdict()
    {
        var last = _last ?? throw new InvalidOperationException("no pending cause");
        var seconds = _since.Elapsed.TotalSeconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
        var why = last.Reason == JobDiagnosis.Unschedulable
            ? $" (for {_context.Options.UnschedulableTimeout.TotalSeconds:0.#}s, the unschedulableTimeout)"
            : $" (still failing after {seconds}s)";
        return last with { Detail = last.Detail + why, Final = true };
    }

    public void Dispose() => _giveUp.Dispose();

    private async Task LogWhileUnschedulableAsync()
    {
        var timeout = _context.Settings.JobTimeout;
        try
        {
            while (true)
            {
                await Task.Delay(_context.Settings.ProgressLogInterval, _stop).ConfigureAwait(false);
                if (_last is { Reason: JobDiagnosis.Unschedulable } last)
                {
                    _context.Logger.LogWarning(
                        "Preflight Job {JobName} still unschedulable after {Seconds:0}s; waiting up to {Timeout:0}s (preflightTimeout) for a node: {Detail}",
                        _jobName, _since.Elapsed.TotalSeconds, timeout.TotalSeconds, last.Detail);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The check ended.
        }
    }
}
