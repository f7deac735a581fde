using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Health;

/// <summary>
/// Which check goes where: liveness follows the process only (the <see cref="ProgressWatchdog"/>
/// and, once started, the long-running loops); whether the informers reach the API server is a
/// readiness question.
/// </summary>
public static class OperatorHealth
{
    public static void Wire(
        LivenessChecks liveness,
        ReadinessGates readiness,
        IEnumerable<IInformer> informers,
        ProgressWatchdog watchdog,
        HealthOptions options,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(liveness);
        ArgumentNullException.ThrowIfNull(readiness);
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(options);
        liveness.AddWatchdog(watchdog);
        foreach (var informer in informers)
        {
            readiness.TrackInformer(informer, options.InformerFailureThreshold, timeProvider);
        }
    }
}
