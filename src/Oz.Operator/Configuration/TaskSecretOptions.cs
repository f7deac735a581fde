namespace Oz.Operator.Configuration;

/// <summary>
/// The operator's side of the Secret opt-in: Secrets named here may be referenced by any AgentTask
/// (<see cref="Allowed"/>) or by none, whatever their labels (<see cref="Denied"/>, e.g. the Secret
/// holding the operator's API key). Both are comma-separated lists of Secret names in the task
/// namespace.
/// </summary>
public sealed record TaskSecretOptions
{
    public IReadOnlySet<string> Allowed { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public IReadOnlySet<string> Denied { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Equal when both lists hold the same names (records compare sets by reference otherwise).</summary>
    public bool Equals(TaskSecretOptions? other) =>
        other is not null && Allowed.SetEquals(other.Allowed) && Denied.SetEquals(other.Denied);

    public override int GetHashCode() => HashCode.Combine(Allowed.Count, Denied.Count);

    /// <summary>"a, b,,c" → {a, b, c}; blank → empty.</summary>
    public static IReadOnlySet<string> ParseNames(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
