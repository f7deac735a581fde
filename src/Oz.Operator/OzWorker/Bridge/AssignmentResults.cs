namespace Oz.Operator.OzWorker.Bridge;

/// <summary>The <c>result</c> tag of <c>oz_operator_oz_assignments_total</c>.</summary>
public static class AssignmentResults
{
    public const string Claimed = "claimed";
    public const string Rejected = "rejected";
    public const string Invalid = "invalid";

    /// <summary>Every result above (the counter is primed at zero with each).</summary>
    public static IReadOnlyList<string> All { get; } = [Claimed, Rejected, Invalid];
}
