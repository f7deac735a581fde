namespace Oz.Operator.Preflight;

/// <summary>
/// One line of the preflight report.
/// </summary>
/// <param name="Name">The check (e.g. "permissions").</param>
/// <param name="Status">Its verdict.</param>
/// <param name="Detail">What was found, one line; admission and API messages verbatim.</param>
/// <param name="Fix">How to fix a failure or warning; null when there is nothing to do.</param>
/// <param name="Reason">A machine-readable cause (e.g. ImagePull, Unschedulable); null when passed.</param>
public sealed record PreflightCheckResult(string Name, PreflightStatus Status, string Detail, string? Fix = null, string? Reason = null)
{
    public static PreflightCheckResult Pass(string name, string detail) => new(name, PreflightStatus.Passed, detail);

    public static PreflightCheckResult Fail(string name, string reason, string detail, string fix) => new(name, PreflightStatus.Failed, detail, fix, reason);

    public static PreflightCheckResult Skip(string name, string why) => new(name, PreflightStatus.Skipped, $"skipped: {why}");
}
