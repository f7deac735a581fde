using System.Reflection;
using Oz.Operator.Configuration;

namespace Oz.Chart.Tests.Support;

/// <summary>
/// The keys the operator's strict config accepts: the camelCase property names of OperatorOptions
/// and OzOptions, read by reflection so the chart cannot drift from the code.
/// </summary>
internal static class OperatorConfigKeys
{
    /// <summary>
    /// Keys being added to OperatorOptions by the observability/leader-election work (issue 4/8):
    /// leaderElection.{enabled,leaseName,leaseDuration,renewDeadline,retryPeriod}, healthPort,
    /// metricsPort, logFormat. Once they are properties this list only repeats them.
    /// </summary>
    public static readonly IReadOnlySet<string> BeingAdded = new HashSet<string>(StringComparer.Ordinal)
    {
        "leaderElection", "healthPort", "metricsPort", "logFormat",
    };

    public static readonly IReadOnlySet<string> LeaderElection = new HashSet<string>(StringComparer.Ordinal)
    {
        "enabled", "leaseName", "leaseDuration", "renewDeadline", "retryPeriod",
    };

    public static IReadOnlySet<string> TopLevel => Of(typeof(OperatorOptions)).Union(BeingAdded).ToHashSet();

    public static IReadOnlySet<string> Oz => Of(typeof(OzOptions));

    private static HashSet<string> Of(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..])
            .ToHashSet(StringComparer.Ordinal);
}
