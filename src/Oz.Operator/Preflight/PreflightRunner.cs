using System.Security.Cryptography;
using k8s;
using Oz.Operator.Configuration;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Preflight;

/// <summary>
/// Runs every preflight check and returns the report. All checks run even when one
/// fails; only when the API server cannot be reached are the others reported as skipped, since
/// none of them can run without it. On success a <c>PreflightPassed</c> Event is recorded on the
/// operator's Lease; the caller then turns readiness green, or exits 3 with the report.
/// </summary>
public sealed class PreflightRunner(IKubernetes client, OperatorOptions options, PreflightSettings settings, ILogger<PreflightRunner> logger)
{
    /// <summary>The checks after <see cref="ApiServerCheck"/>, in report order; independent of each other.</summary>
    public static IReadOnlyList<IPreflightCheck> ClusterChecks { get; } =
        [new CrdServedCheck(), new PermissionsCheck(), new DryRunJobCheck(), new PodSecurityCheck(), new ImageVolumeCheck(), new PreflightJobCheck()];

    public async Task<PreflightReport> RunAsync(CancellationToken cancellationToken)
    {
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var context = new PreflightContext(client, options, settings, runId, logger);
        logger.LogInformation(
            "Preflight {RunId} checking namespace {Namespace} (Lease in {LeaseNamespace}) of {Server}",
            runId, options.Namespace, settings.LeaseNamespace ?? options.Namespace, client.BaseUri);

        var apiServer = await new ApiServerCheck().RunAsync(context, cancellationToken);
        IReadOnlyList<PreflightCheckResult> rest = apiServer.Status == PreflightStatus.Failed
            ? [.. ClusterChecks.Select(check => PreflightCheckResult.Skip(check.Name, "the API server is unreachable"))]
            : await Task.WhenAll(ClusterChecks.Select(check => check.RunAsync(context, cancellationToken)));
        var report = new PreflightReport([apiServer, .. rest]);

        foreach (var result in report.Results)
        {
            Log(result);
        }

        if (report.Passed)
        {
            logger.LogInformation("Preflight {RunId} passed", runId);
            if (settings.RecordPassedEvent)
            {
                await new PreflightEventRecorder(client, options, settings, logger).RecordPassedAsync(report, cancellationToken);
            }
        }
        else
        {
            logger.LogError("Preflight {RunId} failed: {FailedChecks}", runId, string.Join(", ", report.Results.Where(r => r.Status == PreflightStatus.Failed).Select(r => r.Name)));
        }

        return report;
    }

    /// <summary>One line per check; a passed check has no reason or fix, and its line shows none (not "(null)").</summary>
    private void Log(PreflightCheckResult result)
    {
        var level = result.Status == PreflightStatus.Failed ? LogLevel.Error : result.Status == PreflightStatus.Warning ? LogLevel.Warning : LogLevel.Information;
        switch (result)
        {
            case { Reason: not null, Fix: not null }:
                logger.Log(level, "Preflight check {Check}: {Result} {Reason}: {Detail} (fix: {Fix})", result.Name, result.Status, result.Reason, result.Detail, result.Fix);
                break;
            case { Reason: not null }:
                logger.Log(level, "Preflight check {Check}: {Result} {Reason}: {Detail}", result.Name, result.Status, result.Reason, result.Detail);
                break;
            case { Fix: not null }:
                logger.Log(level, "Preflight check {Check}: {Result}: {Detail} (fix: {Fix})", result.Name, result.Status, result.Detail, result.Fix);
                break;
            default:
                logger.Log(level, "Preflight check {Check}: {Result}: {Detail}", result.Name, result.Status, result.Detail);
                break;
        }
    }
}
