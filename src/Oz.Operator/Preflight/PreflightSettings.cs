namespace Oz.Operator.Preflight;

/// <summary>How preflight runs (the checked cluster shape comes from <see cref="Configuration.OperatorOptions"/>).</summary>
public sealed record PreflightSettings
{
    /// <summary>How long the preflight Job may take to run to completion.</summary>
    public TimeSpan JobTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long to wait for one API request (version, access review, dry-run) before calling it failed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Record a <c>PreflightPassed</c> Event on the operator's Lease when every check passes.</summary>
    public bool RecordPassedEvent { get; init; } = true;

    /// <summary>reportingInstance of the Event: the pod name ($POD_NAME) when running in a cluster.</summary>
    public string ReportingInstance { get; init; } = Environment.MachineName;
}
