namespace Oz.Operator.Preflight;

/// <summary>How preflight runs (the checked cluster shape comes from <see cref="Configuration.OperatorOptions"/>).</summary>
public sealed record PreflightSettings
{
    /// <summary>How long the preflight Job may take to run to completion (<c>preflightTimeout</c>).</summary>
    public TimeSpan JobTimeout { get; init; } = Configuration.OperatorOptions.DefaultPreflightTimeout;

    /// <summary>How long to wait for one API request (version, access review, dry-run) before calling it failed.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Record a <c>PreflightPassed</c> Event on the operator's Lease when every check passes.</summary>
    public bool RecordPassedEvent { get; init; } = true;

    /// <summary>reportingInstance of the Event: the pod name ($POD_NAME) when running in a cluster.</summary>
    public string ReportingInstance { get; init; } = Environment.MachineName;

    /// <summary>
    /// Namespace of the leader-election Lease: the operator pod's own namespace ($POD_NAMESPACE),
    /// which may differ from the task namespace. Null means the task namespace.
    /// </summary>
    public string? LeaseNamespace { get; init; }

    /// <summary>
    /// The operator's own pod ($POD_NAME, in <see cref="LeaseNamespace"/>): the <c>PreflightPassed</c>
    /// Event regards it, an object that exists while preflight runs (the Lease may not yet). Null
    /// outside a pod: the Event then regards the Lease.
    /// </summary>
    public string? PodName { get; init; }

    /// <summary>
    /// Keep waiting for an unschedulable preflight pod until <see cref="JobTimeout"/> instead of
    /// failing after unschedulableTimeout: at startup a node pool may be scaling up from zero.
    /// </summary>
    public bool WaitWhileUnschedulable { get; init; }

    /// <summary>How often a preflight that keeps waiting for an unschedulable pod says so in the log.</summary>
    public TimeSpan ProgressLogInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the Job may fail to create its pod (FailedCreate) before that is the verdict.</summary>
    public TimeSpan FailedCreateGrace { get; init; } = TimeSpan.FromSeconds(20);
}
