namespace Oz.Operator.Preflight;

/// <summary>One independent check of the cluster. A check reports problems as a failed result; it throws only when cancelled.</summary>
public interface IPreflightCheck
{
    /// <summary>Short, stable name shown in the report (e.g. "permissions").</summary>
    string Name { get; }

    Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken);
}
