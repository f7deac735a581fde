namespace Oz.KubeSim.Diagnostics;

/// <summary>One served request, as tests and benchmarks read it.</summary>
public sealed record RequestLogEntry(
    DateTimeOffset Timestamp,
    string Verb,
    string Group,
    string Resource,
    string? Subresource,
    string? Namespace,
    string? Name,
    int Code,
    TimeSpan Latency,
    string User);
