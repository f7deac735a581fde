namespace Oz.Operator.Preflight.Checks;

/// <summary>A watch the preflight Job check reads failed in a way reopening it does not mend.</summary>
public sealed class PreflightWatchFailedException(string resource, Exception inner)
    : Exception($"cannot read the {resource} watch: {inner.Message}", inner);
