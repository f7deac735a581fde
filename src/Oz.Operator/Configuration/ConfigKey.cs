namespace Oz.Operator.Configuration;

/// <summary>
/// One configuration key: its dotted path in the YAML file (e.g. "leaderElection.leaseDuration"),
/// its environment variable and flag (when it has them), how a parsed value is applied to the
/// options, and whether an explicit null (or an empty variable or flag) clears the value.
/// </summary>
public sealed record ConfigKey(
    string Path,
    ConfigValueKind Kind,
    string? EnvironmentVariable,
    string? Flag,
    Func<OperatorOptions, object?, OperatorOptions> Apply,
    bool Nullable = false);
