namespace Oz.Operator.OzWorker.Protocol;

/// <summary>The snapshot's <c>inference_providers</c>: inference settings per provider.</summary>
public sealed record InferenceProviders
{
    public AwsInferenceProvider? Aws { get; init; }
}
