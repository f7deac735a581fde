using System.Globalization;

namespace Oz.Operator.Tasks;

/// <summary>
/// Names and paths of the task pod. The status classifier maps container names back to failure
/// reasons (<see cref="SetupContainer"/> → SetupCommand, <see cref="CopySidecarPrefix"/> → InitContainer).
/// </summary>
public static class TaskPodLayout
{
    public const string TaskContainer = "task";
    public const string SetupContainer = "setup";
    public const string CopySidecarPrefix = "copy-sidecar-";
    public const string SidecarVolumePrefix = "sidecar-";

    public const string WorkspaceVolume = "workspace";
    public const string WorkspacePath = "/workspace";
    public const string EnvironmentFile = WorkspacePath + "/.oz-env";
    public const string AgentEntrypoint = "/agent/entrypoint.sh";

    /// <summary>Where a copy-sidecar init container mounts its volume: a path no image is expected to use.</summary>
    public const string SidecarCopyTarget = "/.oz-sidecar-volume";

    public const string DefaultImage = "ubuntu:22.04";

    public static string CopySidecarContainer(int index) => CopySidecarPrefix + index.ToString(CultureInfo.InvariantCulture);

    public static string SidecarVolume(int index) => SidecarVolumePrefix + index.ToString(CultureInfo.InvariantCulture);
}
