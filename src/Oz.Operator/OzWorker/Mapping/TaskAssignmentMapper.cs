using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.Tasks;

namespace Oz.Operator.OzWorker.Mapping;

/// <summary>
/// Maps a <c>task_assignment</c> to the AgentTask (and env Secret) that runs it. Pure: the same
/// assignment and options always give the same objects, which is what makes creation idempotent.
/// The server's <c>env_vars</c> go only into the Secret, referenced by <c>envFrom</c>. In a pod,
/// <c>env</c> beats <c>envFrom</c>, so a server variable that the agent defaults also set
/// (<see cref="AgentDefaultNames"/>) is also named in the task's <c>env</c> as a reference to its
/// Secret key: the protocol puts the server's variables after those defaults. The MCP server
/// configuration of the config snapshot goes into the Secret too (<see cref="McpServersFile"/>).
/// </summary>
public static partial class TaskAssignmentMapper
{
    public const string AgentMountPath = "/agent";
    public const string WorkspaceMountPath = "/workspace";
    public const string EnvSecretSuffix = McpServersFile.EnvSecretSuffix;

    /// <summary>The variables every task container gets before the server's <c>env_vars</c> (the protocol's order).</summary>
    public static IReadOnlyList<string> AgentDefaultNames { get; } =
        [TaskEnvironment.TaskId, TaskEnvironment.GitTerminalPrompt, TaskEnvironment.GhPromptDisabled, TaskEnvironment.ServerRootUrl];

    public static TaskAssignmentMapping Map(TaskAssignment assignment, OperatorOptions options)
    {
        var taskId = assignment.TaskId ?? assignment.Task?.Id;
        if (assignment.Task is null || string.IsNullOrWhiteSpace(taskId))
        {
            return TaskAssignmentMapping.Invalid("assignment has no task");
        }

        var sidecarImage = FirstNonBlank(options.SidecarImage, assignment.SidecarImage);
        if (sidecarImage is null)
        {
            return TaskAssignmentMapping.Invalid("no agent sidecar image (the assignment has none and no sidecarImage is configured)");
        }

        var sidecars = new List<AgentTaskSidecar> { new() { Image = sidecarImage, MountPath = AgentMountPath, ReadWrite = false } };
        foreach (var extra in assignment.AdditionalSidecars ?? [])
        {
            if (SidecarError(extra, sidecars) is { } error)
            {
                return TaskAssignmentMapping.Invalid(error);
            }

            sidecars.Add(new AgentTaskSidecar { Image = extra.Image!.Trim(), MountPath = extra.MountPath!.Trim(), ReadWrite = extra.ReadWrite ?? false });
        }

        ApplyCodingCliSidecar(sidecars, assignment.Task.AgentConfigSnapshot?.Harness?.Type, options);

        var executionId = assignment.EffectiveExecutionId;
        var name = OzTaskNames.AgentTaskName(taskId, executionId);
        var labels = Labels(taskId, executionId, options.WorkerId);
        var annotations = new Dictionary<string, string>
        {
            [TaskLabels.Annotations.TaskId] = taskId,
            [TaskLabels.Annotations.ExecutionId] = executionId,
            [TaskLabels.Annotations.WorkerId] = options.WorkerId,
        };

        var (secret, skipped) = EnvSecret(assignment.EnvVars, AgentArgs.McpServersJson(assignment.Task.AgentConfigSnapshot), name, options.Namespace, labels, annotations);
        var task = new AgentTask
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = options.Namespace,
                Labels = new Dictionary<string, string>(labels),
                Annotations = new Dictionary<string, string>(annotations),

                // Set at birth so the controller's reconcile path needs no finalizer write of its own.
                Finalizers = [AgentTaskFinalizer.JobCleanup],
            },
            Spec = new AgentTaskSpec
            {
                TaskId = taskId,
                ExecutionId = executionId,
                Title = string.IsNullOrWhiteSpace(assignment.Task.Title) ? null : assignment.Task.Title,
                Image = string.IsNullOrWhiteSpace(assignment.DockerImage) ? null : assignment.DockerImage.Trim(),
                Sidecars = sidecars,
                Args = [.. AgentArgs.Build(assignment, options.Oz.ServerRootUrl, options.IdleOnComplete)],
                Env = secret is null ? null : DefaultOverrides(secret),
                EnvFrom = secret is null
                    ? null
                    : [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = secret.Metadata.Name } }],
                Resources = InstanceShapeResources.From(assignment.InstanceShape),
            },
        };

        return TaskAssignmentMapping.Valid(task, secret, skipped);
    }

    /// <summary>Name of the AgentTask an assignment maps to; null when it names no task (it is then rejected).</summary>
    public static string? AgentTaskNameOf(TaskAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var taskId = assignment.TaskId ?? assignment.Task?.Id;
        return string.IsNullOrWhiteSpace(taskId) ? null : OzTaskNames.AgentTaskName(taskId, assignment.EffectiveExecutionId);
    }

    /// <summary>Name of the Secret holding an AgentTask's Oz environment.</summary>
    public static string EnvSecretName(string agentTaskName) => agentTaskName + EnvSecretSuffix;

    public static Dictionary<string, string> Labels(string taskId, string executionId, string workerId) => new()
    {
        [TaskLabels.Source] = TaskLabels.SourceOz,
        [TaskLabels.TaskId] = KubernetesNames.LabelValue(taskId),
        [TaskLabels.TaskIdHash] = KubernetesNames.LabelHash(taskId),
        [TaskLabels.ExecutionId] = KubernetesNames.LabelValue(executionId),
        [TaskLabels.ExecutionIdHash] = KubernetesNames.LabelHash(executionId),
        [TaskLabels.WorkerId] = KubernetesNames.LabelValue(workerId),
        [TaskLabels.WorkerIdHash] = KubernetesNames.LabelHash(workerId),
    };

    private static (V1Secret? Secret, IReadOnlyList<string> Skipped) EnvSecret(
        IReadOnlyDictionary<string, string>? envVars,
        string? mcpServersJson,
        string agentTaskName,
        string ns,
        IReadOnlyDictionary<string, string> labels,
        IReadOnlyDictionary<string, string> annotations)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var skipped = new List<string>();
        foreach (var (key, value) in envVars ?? new Dictionary<string, string>())
        {
            if (SecretKey().IsMatch(key))
            {
                data[key] = Encoding.UTF8.GetBytes(value ?? "");
            }
            else
            {
                skipped.Add(key);
            }
        }

        if (mcpServersJson is not null)
        {
            data[McpServersFile.SecretKey] = Encoding.UTF8.GetBytes(mcpServersJson);
        }

        if (data.Count == 0)
        {
            return (null, skipped);
        }

        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = EnvSecretName(agentTaskName),
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string>(labels),
                Annotations = new Dictionary<string, string>(annotations),
            },
            Type = "Opaque",
            Data = data,
        };
        return (secret, skipped);
    }

    /// <summary>The server's variables that replace an agent default, as references to the env Secret; null when there are none.</summary>
    private static List<V1EnvVar>? DefaultOverrides(V1Secret secret)
    {
        var overrides = AgentDefaultNames
            .Where(secret.Data.ContainsKey)
            .Select(name => new V1EnvVar
            {
                Name = name,
                ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret.Metadata.Name, Key = name } },
            })
            .ToList();
        return overrides.Count == 0 ? null : overrides;
    }

    /// <summary>
    /// The reference worker's coding_cli_sidecars: the configured image for the task's harness
    /// replaces the sidecar Oz sent at /mnt/{harness}-cli-sidecar, or is added when Oz sent none.
    /// </summary>
    private static void ApplyCodingCliSidecar(List<AgentTaskSidecar> sidecars, string? harnessType, OperatorOptions options)
    {
        var harness = harnessType?.Trim();
        if (string.IsNullOrEmpty(harness) || !options.CodingCliSidecars.TryGetValue(harness, out var image) || string.IsNullOrWhiteSpace(image))
        {
            return;
        }

        var mountPath = $"/mnt/{harness}-cli-sidecar";
        var index = sidecars.FindIndex(s => s.MountPath.TrimEnd('/') == mountPath);
        if (index >= 0)
        {
            sidecars[index].Image = image.Trim();
        }
        else
        {
            sidecars.Add(new AgentTaskSidecar { Image = image.Trim(), MountPath = mountPath, ReadWrite = false });
        }
    }

    private static string? SidecarError(AdditionalSidecar sidecar, List<AgentTaskSidecar> existing)
    {
        if (string.IsNullOrWhiteSpace(sidecar.Image))
        {
            return "an additional sidecar has no image";
        }

        var mountPath = sidecar.MountPath?.Trim();
        if (string.IsNullOrEmpty(mountPath) || !mountPath.StartsWith('/'))
        {
            return $"additional sidecar {sidecar.Image} has no absolute mount_path";
        }

        if (mountPath.TrimEnd('/') == WorkspaceMountPath)
        {
            return $"additional sidecar {sidecar.Image} would hide the workspace at {WorkspaceMountPath}";
        }

        return existing.Any(s => s.MountPath.TrimEnd('/') == mountPath.TrimEnd('/'))
            ? $"additional sidecar {sidecar.Image} reuses mount path {mountPath}"
            : null;
    }

    private static string? FirstNonBlank(params string?[] values) =>
        values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    /// <summary>Secret data keys: alphanumerics, '-', '_', '.'; at most 253 characters.</summary>
    [GeneratedRegex("^[-._a-zA-Z0-9]{1,253}$")]
    private static partial Regex SecretKey();
}
