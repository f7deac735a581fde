namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The agent harness; absent, empty or "oz" means the built-in Oz harness.</summary>
public sealed record HarnessConfig
{
    public const string OzType = "oz";

    public string? Type { get; init; }

    public static bool IsOz(HarnessConfig? harness) =>
        harness is null
        || string.IsNullOrWhiteSpace(harness.Type)
        || string.Equals(harness.Type.Trim(), OzType, StringComparison.OrdinalIgnoreCase);
}
