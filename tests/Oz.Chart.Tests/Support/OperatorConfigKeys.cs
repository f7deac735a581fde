using System.Reflection;
using Oz.Operator.Configuration;

namespace Oz.Chart.Tests.Support;

/// <summary>
/// The keys the operator's strict config accepts: the camelCase property names of OperatorOptions
/// and its nested option records, read by reflection so the chart cannot drift from the code.
/// </summary>
internal static class OperatorConfigKeys
{
    public static IReadOnlySet<string> LeaderElection => Of(typeof(LeaderElectionOptions));

    public static IReadOnlySet<string> Telemetry => Of(typeof(TelemetryOptions));

    public static IReadOnlySet<string> TopLevel => Of(typeof(OperatorOptions));

    public static IReadOnlySet<string> Oz => Of(typeof(OzOptions));

    private static HashSet<string> Of(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..])
            .ToHashSet(StringComparer.Ordinal);
}
