using k8s.Models;

namespace Oz.Operator.Configuration;

/// <summary>
/// First-class settings of every task pod (the taskPod section). Each one that is set replaces the
/// same field of <see cref="OperatorOptions.PodTemplate"/> (resources: the template's task
/// container's resources); unset ones leave the template alone. The AgentTask's own
/// spec.resources still win per resource name over both.
/// </summary>
public sealed record TaskPodOptions
{
    /// <summary>serviceAccountName of task pods.</summary>
    public string? ServiceAccountName { get; init; }

    /// <summary>Names of the Secrets in imagePullSecrets.</summary>
    public IReadOnlyList<string>? ImagePullSecrets { get; init; }

    public IReadOnlyDictionary<string, string>? NodeSelector { get; init; }

    public IReadOnlyList<V1Toleration>? Tolerations { get; init; }

    /// <summary>Requests and limits of the task container (and the setup container, which runs like it).</summary>
    public V1ResourceRequirements? Resources { get; init; }

    public long? TerminationGracePeriodSeconds { get; init; }

    /// <summary>runtimeClassName of task pods, e.g. gvisor or kata for sandboxed runtimes.</summary>
    public string? RuntimeClassName { get; init; }

    /// <summary>Whether any key is set.</summary>
    public bool IsEmpty => this == Empty;

    /// <summary>No key set.</summary>
    public static readonly TaskPodOptions Empty = new();
}
