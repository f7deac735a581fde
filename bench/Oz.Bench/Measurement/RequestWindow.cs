using Oz.Bench.Harness;
using Oz.KubeSim.Diagnostics;

namespace Oz.Bench.Measurement;

/// <summary>The simulator's request log between two moments (entries are stamped when answered).</summary>
public sealed class RequestWindow(IReadOnlyList<RequestLogEntry> entries)
{
    public IReadOnlyList<RequestLogEntry> Entries { get; } = entries;

    /// <summary>Entries answered at or after <paramref name="from"/> (and before <paramref name="to"/> when given).</summary>
    public static RequestWindow Of(SimulatorHost host, DateTimeOffset from, DateTimeOffset? to = null) =>
        new([.. host.Sim.RequestLog.Entries.Where(e => e.Timestamp >= from && (to is null || e.Timestamp < to))]);

    public IEnumerable<RequestLogEntry> ByOperator => Entries.Where(e => e.User == SimulatorHost.OperatorUser);

    /// <summary>Operator requests by "verb resource[/subresource]" (watch streams included, as started requests that ended).</summary>
    public IReadOnlyDictionary<string, int> OperatorRequestsByVerb() =>
        ByOperator.GroupBy(Describe).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>Operator writes (create, update, patch, delete) outside the Lease.</summary>
    public int OperatorWrites() => ByOperator.Count(e => IsWrite(e.Verb) && e.Resource != "leases");

    /// <summary>Accepted (201) creates of a resource by a user.</summary>
    public int Created(string resource, string user) =>
        Entries.Count(e => e.Verb == "create" && e.Resource == resource && e.Code == 201 && e.User == user && e.Subresource is null);

    public int Failures(params int[] codes) => Entries.Count(e => codes.Contains(e.Code));

    public static bool IsWrite(string verb) => verb is "create" or "update" or "patch" or "delete" or "deletecollection";

    private static string Describe(RequestLogEntry e) =>
        e.Subresource is null ? $"{e.Verb} {e.Resource}" : $"{e.Verb} {e.Resource}/{e.Subresource}";
}
