namespace Oz.Operator.OzWorker.Protocol;

/// <summary>Compute size of the task; non-positive axes are treated as unset.</summary>
public sealed record InstanceShape
{
    public double? Vcpus { get; init; }

    public double? MemoryGb { get; init; }
}
