namespace Oz.Operator.OzWorker.Protocol;

/// <summary>
/// The AWS Bedrock block of <c>inference_providers</c>: unless disabled, a non-blank role becomes
/// <c>--bedrock-inference-role</c>, paired with <c>--bedrock-role-region</c> when a region is set.
/// </summary>
public sealed record AwsInferenceProvider
{
    public bool Disabled { get; init; }

    public string? RoleArn { get; init; }

    public string? Region { get; init; }
}
