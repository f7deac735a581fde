namespace Oz.Operator.Preflight;

/// <summary>The verdict of one preflight check.</summary>
public enum PreflightStatus
{
    Passed,

    /// <summary>Works, but something deserves attention (e.g. an admission warning); does not fail preflight.</summary>
    Warning,

    Failed,

    /// <summary>Could not run because a check it depends on failed; does not count as a failure of its own.</summary>
    Skipped,
}
