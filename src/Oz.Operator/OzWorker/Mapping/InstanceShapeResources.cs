using System.Globalization;
using k8s.Models;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.OzWorker.Mapping;

/// <summary>Oz's instance shape as container resources: requests equal limits, fractions kept exact enough.</summary>
public static class InstanceShapeResources
{
    public static V1ResourceRequirements? From(InstanceShape? shape)
    {
        var quantities = new Dictionary<string, ResourceQuantity>();
        if (Cpu(shape?.Vcpus) is { } cpu)
        {
            quantities["cpu"] = new ResourceQuantity(cpu);
        }

        if (Memory(shape?.MemoryGb) is { } memory)
        {
            quantities["memory"] = new ResourceQuantity(memory);
        }

        return quantities.Count == 0
            ? null
            : new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity>(quantities),
                Limits = new Dictionary<string, ResourceQuantity>(quantities),
            };
    }

    // Rounding to 6 places first keeps binary noise (0.1 * 1000 = 100.00000000000001) from rounding up.
    /// <summary>Larger values are nonsense from the wire (and would overflow): treated as unset.</summary>
    private const double MaxAxis = 1_000_000;

    /// <summary>Whole CPUs as "N"; fractions rounded up to millicores ("500m").</summary>
    public static string? Cpu(double? vcpus)
    {
        if (vcpus is not (> 0 and <= MaxAxis) || vcpus is not { } v)
        {
            return null;
        }

        return v == Math.Floor(v)
            ? ((long)v).ToString(CultureInfo.InvariantCulture)
            : ((long)Math.Ceiling(Math.Round(v * 1000, 6))).ToString(CultureInfo.InvariantCulture) + "m";
    }

    /// <summary>Whole gibibytes as "NGi"; fractions rounded up to mebibytes ("1536Mi").</summary>
    public static string? Memory(double? gigabytes)
    {
        if (gigabytes is not (> 0 and <= MaxAxis) || gigabytes is not { } g)
        {
            return null;
        }

        return g == Math.Floor(g)
            ? ((long)g).ToString(CultureInfo.InvariantCulture) + "Gi"
            : ((long)Math.Ceiling(Math.Round(g * 1024, 6))).ToString(CultureInfo.InvariantCulture) + "Mi";
    }
}
