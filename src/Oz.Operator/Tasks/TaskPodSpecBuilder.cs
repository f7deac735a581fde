using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks;

/// <summary>The pod spec of a task Job: the operator's containers and volumes laid over the podTemplate.</summary>
internal static class TaskPodSpecBuilder
{
    public static V1PodSpec Build(AgentTask task, OperatorOptions options)
    {
        var spec = task.Spec;
        var image = FirstNonBlank(spec.Image, options.DefaultImage) ?? TaskPodLayout.DefaultImage;

        var volumes = new List<V1Volume> { WorkspaceVolume(options) };
        var mounts = new List<V1VolumeMount> { new() { Name = TaskPodLayout.WorkspaceVolume, MountPath = TaskPodLayout.WorkspacePath } };
        var initContainers = new List<V1Container>();

        var sidecars = spec.Sidecars ?? [];
        for (var index = 0; index < sidecars.Count; index++)
        {
            var sidecar = sidecars[index];
            var volumeName = TaskPodLayout.SidecarVolume(index);
            var readWrite = sidecar.ReadWrite == true;
            mounts.Add(new V1VolumeMount { Name = volumeName, MountPath = sidecar.MountPath, ReadOnlyProperty = !readWrite });

            // Image volumes are read-only by nature, so a read-write sidecar is always copied.
            if (options.UseImageVolumes && !readWrite)
            {
                volumes.Add(new V1Volume
                {
                    Name = volumeName,
                    Image = new V1ImageVolumeSource { Reference = sidecar.Image, PullPolicy = options.ImagePullPolicy },
                });
                continue;
            }

            volumes.Add(new V1Volume { Name = volumeName, EmptyDir = new V1EmptyDirVolumeSource() });
            initContainers.Add(CopySidecarContainer(index, sidecar, volumeName, options));
        }

        if (McpServersFile.IsUsedBy(task))
        {
            volumes.Add(McpServersFile.VolumeFor(task));
            mounts.Add(McpServersFile.Mount());
        }

        var taskContainer = new V1Container
        {
            Name = TaskPodLayout.TaskContainer,
            Image = image,
            Command =
            [
                "/bin/sh", "-c", TaskEntrypointScript.Build(options.TeardownCommand, options.TeardownFailureFailsTask), TaskEntrypointScript.ScriptName,
                .. TaskAgentArgs.For(spec, options),
            ],
            WorkingDir = TaskPodLayout.WorkspacePath,
            Env = TaskEnvironment.For(task, options),
            EnvFrom = KubernetesObjectCopy.DeepCopyList(spec.EnvFrom),
            VolumeMounts = mounts,
            Resources = spec.Resources is null ? null : KubernetesObjectCopy.DeepCopy(spec.Resources),
            ImagePullPolicy = options.ImagePullPolicy,
        };

        var pod = PodTemplateMerger.Merge(TaskPodOverlay.Apply(options.PodTemplate, options.TaskPod), taskContainer, mergedTask =>
        {
            // Before the setup container copies the task container's securityContext.
            TaskPodHardening.HardenContainer(mergedTask);

            // Setup runs after the copies, as it may use the sidecars.
            if (!string.IsNullOrWhiteSpace(options.SetupCommand))
            {
                initContainers.Add(SetupContainer(mergedTask, options.SetupCommand));
            }

            return initContainers;
        }, volumes);
        TaskPodHardening.HardenPod(pod);
        return pod;
    }

    /// <summary>
    /// An emptyDir, or with workspaceClaim a generic ephemeral volume: Kubernetes makes the claim
    /// &lt;pod&gt;-workspace from the template, owned by the pod, so it goes away with the pod.
    /// </summary>
    private static V1Volume WorkspaceVolume(OperatorOptions options)
    {
        var claim = options.WorkspaceClaim;
        if (!claim.IsEnabled)
        {
            return new V1Volume
            {
                Name = TaskPodLayout.WorkspaceVolume,
                EmptyDir = new V1EmptyDirVolumeSource
                {
                    SizeLimit = string.IsNullOrWhiteSpace(options.WorkspaceSizeLimit) ? null : new ResourceQuantity(options.WorkspaceSizeLimit),
                },
            };
        }

        return new V1Volume
        {
            Name = TaskPodLayout.WorkspaceVolume,
            Ephemeral = new V1EphemeralVolumeSource
            {
                VolumeClaimTemplate = new V1PersistentVolumeClaimTemplate
                {
                    Spec = new V1PersistentVolumeClaimSpec
                    {
                        AccessModes = [claim.AccessMode],
                        StorageClassName = claim.StorageClassName,
                        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(claim.Size) } },
                    },
                },
            },
        };
    }

    /// <summary>Root with the one capability the copy needs (<see cref="TaskPodHardening.CopySidecarContext"/>).</summary>
    private static V1Container CopySidecarContainer(int index, AgentTaskSidecar sidecar, string volumeName, OperatorOptions options) => new()
    {
        Name = TaskPodLayout.CopySidecarContainer(index),
        Image = sidecar.Image,
        Command = ["/bin/sh", "-c", SidecarCopyScript.Script, SidecarCopyScript.ScriptName, TaskPodLayout.SidecarCopyTarget],
        VolumeMounts = [new V1VolumeMount { Name = volumeName, MountPath = TaskPodLayout.SidecarCopyTarget }],
        ImagePullPolicy = options.ImagePullPolicy,
        SecurityContext = TaskPodHardening.CopySidecarContext(),
    };

    /// <summary>Runs like the task container (image, env, mounts, security, resources), with the setup command.</summary>
    private static V1Container SetupContainer(V1Container task, string setupCommand) => new()
    {
        Name = TaskPodLayout.SetupContainer,
        Image = task.Image,
        Command = ["/bin/sh", "-c", setupCommand],
        WorkingDir = task.WorkingDir,
        Env = KubernetesObjectCopy.DeepCopyList(task.Env),
        EnvFrom = KubernetesObjectCopy.DeepCopyList(task.EnvFrom),
        VolumeMounts = KubernetesObjectCopy.DeepCopyList(task.VolumeMounts),
        Resources = task.Resources is null ? null : KubernetesObjectCopy.DeepCopy(task.Resources),
        SecurityContext = task.SecurityContext is null ? null : KubernetesObjectCopy.DeepCopy(task.SecurityContext),
        ImagePullPolicy = task.ImagePullPolicy,
    };

    private static string? FirstNonBlank(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
