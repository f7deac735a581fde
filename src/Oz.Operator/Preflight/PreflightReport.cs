namespace Oz.Operator.Preflight;

/// <summary>The results of every preflight check, in a fixed order. Warnings and skipped checks do not fail preflight.</summary>
public sealed record PreflightReport(IReadOnlyList<PreflightCheckResult> Results)
{
    public bool Passed => Results.All(result => result.Status != PreflightStatus.Failed);

    public PreflightCheckResult this[string name] => Results.Single(result => result.Name == name);
}
