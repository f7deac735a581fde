namespace Oz.Operator.OzWorker.Protocol;

/// <summary>An extra image whose filesystem is mounted into the task container.</summary>
public sealed record AdditionalSidecar
{
    public string? Image { get; init; }

    public string? MountPath { get; init; }

    public bool? ReadWrite { get; init; }
}
