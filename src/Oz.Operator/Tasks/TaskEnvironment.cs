using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks;

/// <summary>
/// The task container's environment, layered as the reference worker does (the Oz worker protocol, "The agent
/// in the task pod"): agent defaults (TASK_ID, GIT_TERMINAL_PROMPT, GH_PROMPT_DISABLED,
/// WARP_SERVER_ROOT_URL), then the AgentTask's env (which may override those; the Oz bridge names
/// there the server's env_vars that replace a default), then the operator's task env setting (as the
/// reference's -e, it wins over the server's variables), then the operator's OZ_* variables, which
/// always win. The server's other env_vars come through envFrom, which every name here beats.
/// Secret references (valueFrom) are copied as references, never resolved. The result is sorted by name.
/// </summary>
internal static class TaskEnvironment
{
    public const string RunId = "OZ_RUN_ID";
    public const string WorkspaceRoot = "OZ_WORKSPACE_ROOT";
    public const string EnvironmentFile = "OZ_ENVIRONMENT_FILE";
    public const string WorkerBackend = "OZ_WORKER_BACKEND";
    public const string WorkerBackendValue = "kubernetes";
    public const string TaskId = "TASK_ID";
    public const string GitTerminalPrompt = "GIT_TERMINAL_PROMPT";
    public const string GhPromptDisabled = "GH_PROMPT_DISABLED";
    public const string ServerRootUrl = "WARP_SERVER_ROOT_URL";

    public static List<V1EnvVar> For(AgentTask task, OperatorOptions options)
    {
        var spec = task.Spec;
        var byName = new Dictionary<string, V1EnvVar>(StringComparer.Ordinal);

        void Set(string name, string value) => byName[name] = new V1EnvVar { Name = name, Value = value };

        if (!string.IsNullOrEmpty(spec.TaskId))
        {
            Set(TaskId, spec.TaskId);
        }

        Set(GitTerminalPrompt, "0");
        Set(GhPromptDisabled, "1");
        Set(ServerRootUrl, options.Oz.ServerRootUrl);

        // Kubernetes keeps the last of duplicate names, and so does this.
        foreach (var variable in KubernetesObjectCopy.DeepCopyList(spec.Env).Where(v => !string.IsNullOrEmpty(v.Name)))
        {
            byName[variable.Name] = variable;
        }

        // The operator's task env (env, -e/--env) comes after the task's own, as the reference's -e does.
        foreach (var variable in options.Env)
        {
            Set(variable.Name, variable.Value ?? "");
        }

        Set(RunId, string.IsNullOrEmpty(spec.TaskId) ? task.Metadata?.Name ?? "" : spec.TaskId);
        Set(WorkspaceRoot, TaskPodLayout.WorkspacePath);
        Set(EnvironmentFile, TaskPodLayout.EnvironmentFile);
        Set(WorkerBackend, WorkerBackendValue);

        return SortedByName(byName.Values);
    }

    public static List<V1EnvVar> SortedByName(IEnumerable<V1EnvVar> variables) =>
        [.. variables.OrderBy(v => v.Name, StringComparer.Ordinal)];
}
