using Oz.Operator.Preflight;

namespace Oz.Operator.Hosting;

/// <summary>The startup preflight as the host sees it: passed or not, and the report to print when not.</summary>
public static class OperatorPreflight
{
    /// <summary>Runs the preflight checks with the operator's own client, before any work is accepted.</summary>
    public static async Task<OperatorPreflightResult> RunAsync(OperatorComponents components, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(components);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = new PreflightSettings
        {
            ReportingInstance = components.Election.Identity,
            LeaseNamespace = components.ElectionSettings.LeaseNamespace,
            PodName = components.ElectionSettings.Identity,
            JobTimeout = components.Options.PreflightTimeout,

            // A node pool scaling up from zero is not a broken cluster: wait for it up to preflightTimeout.
            WaitWhileUnschedulable = true,
        };
        var runner = new PreflightRunner(components.Client, components.Options, settings, loggers.CreateLogger<PreflightRunner>());
        var report = await runner.RunAsync(cancellationToken).ConfigureAwait(false);
        return new OperatorPreflightResult(report.Passed, PreflightReportFormatter.Table(report));
    }
}
