using System.Text.Json;
using k8s;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Tasks;

/// <summary>
/// The informer transforms (<see cref="InformerOptions.Transform"/>) of the task informers: what the
/// operator reads of a cached AgentTask, Job or pod is kept, its repeating strings pooled; the rest of
/// a Job or pod is dropped before it is cached, as client-go's <c>SetTransform</c> does.
/// </summary>
/// <remarks>
/// The readers of the Job and pod caches are the reconciler (<see cref="Status.TaskStatusClassifier"/>,
/// <see cref="Status.PodFacts"/>, <see cref="Status.TaskStatusAssembler"/>, the dispatch, admission and
/// finalize steps), <see cref="Ownership.TaskPods"/>, <see cref="Ownership.JobOwnership"/> and
/// <see cref="Ownership.TaskOwnerKeys"/>. Of a Job they read its metadata, <c>spec.activeDeadlineSeconds</c>
/// and its status; of a pod its metadata, <c>spec.nodeName</c>, the names and restart policies of its
/// init containers, and its status. The pod template of a Job and the containers, volumes and security
/// settings of a pod (the larger part of either, with the task's scripts and environment) are read by
/// none: a reader that needs more must be added to this list and its transform together. The Job and
/// pod watches skip the dropped parts of the spec while decoding (<see cref="JobDecoding"/>,
/// <see cref="PodDecoding"/>), so most of it is never built; the transforms stay what the cache holds to,
/// for the initial list as well.
/// </remarks>
public static class TaskCacheTransforms
{
    /// <summary>
    /// How the Job watch and the Job create's answer decode a Job: of its spec only <c>activeDeadlineSeconds</c>,
    /// the part <see cref="Job"/> keeps (the created Job is read where a cached one would be).
    /// </summary>
    public static JsonSerializerOptions JobDecoding { get; } = ClientJsonSubset.Keeping(new Dictionary<Type, string[]>
    {
        [typeof(V1JobSpec)] = ["activeDeadlineSeconds"],
    });

    /// <summary>How the pod watch decodes a pod: of its spec and containers only the parts <see cref="Pod"/> keeps.</summary>
    public static JsonSerializerOptions PodDecoding { get; } = ClientJsonSubset.Keeping(new Dictionary<Type, string[]>
    {
        [typeof(V1PodSpec)] = ["nodeName", "initContainers", "containers"],
        [typeof(V1Container)] = ["name", "restartPolicy"],
    });

    /// <summary>An AgentTask is kept whole (the reconciler reads nearly all of it); its repeating strings are pooled.</summary>
    public static void AgentTask(IKubernetesObject<V1ObjectMeta> obj, StringPool pool)
    {
        var task = (AgentTask)obj;
        if (task.Spec is { } spec)
        {
            spec.Image = pool.Intern(spec.Image);
            spec.Model = pool.Intern(spec.Model);
            spec.Profile = pool.Intern(spec.Profile);
            spec.Skill = pool.Intern(spec.Skill);
            spec.Environment = pool.Intern(spec.Environment);
            spec.IdleOnComplete = pool.Intern(spec.IdleOnComplete);
        }

        if (task.Status is { } status)
        {
            status.Message = pool.Intern(status.Message);
            status.NodeName = pool.Intern(status.NodeName);
            status.Duration = pool.Intern(status.Duration);
            foreach (var condition in status.Conditions ?? [])
            {
                condition.Type = pool.Intern(condition.Type);
                condition.Status = pool.Intern(condition.Status);
                condition.Reason = pool.Intern(condition.Reason);
                condition.Message = pool.Intern(condition.Message);
            }
        }
    }

    /// <summary>A Job keeps its metadata, <c>spec.activeDeadlineSeconds</c> and status; its pod template is dropped.</summary>
    public static void Job(IKubernetesObject<V1ObjectMeta> obj, StringPool pool)
    {
        var job = (V1Job)obj;
        if (job.Spec is { } spec)
        {
            job.Spec = new V1JobSpec { ActiveDeadlineSeconds = spec.ActiveDeadlineSeconds };
        }

        foreach (var condition in job.Status?.Conditions ?? [])
        {
            condition.Type = pool.Intern(condition.Type);
            condition.Status = pool.Intern(condition.Status);
            condition.Reason = pool.Intern(condition.Reason);
            condition.Message = pool.Intern(condition.Message);
        }
    }

    /// <summary>
    /// A pod keeps its metadata, status, <c>spec.nodeName</c> and its containers' names (the init
    /// containers' restart policies too); the rest of its spec is dropped.
    /// </summary>
    public static void Pod(IKubernetesObject<V1ObjectMeta> obj, StringPool pool)
    {
        var pod = (V1Pod)obj;
        if (pod.Spec is { } spec)
        {
            pod.Spec = new V1PodSpec
            {
                NodeName = pool.Intern(spec.NodeName),
                InitContainers = spec.InitContainers?.Select(c => new V1Container { Name = pool.Intern(c.Name), RestartPolicy = pool.Intern(c.RestartPolicy) }).ToList(),
                Containers = spec.Containers?.Select(c => new V1Container { Name = pool.Intern(c.Name) }).ToList(),
            };
        }

        if (pod.Status is not { } status)
        {
            return;
        }

        status.Phase = pool.Intern(status.Phase);
        status.Reason = pool.Intern(status.Reason);
        status.QosClass = pool.Intern(status.QosClass);
        status.HostIP = pool.Intern(status.HostIP);
        foreach (var condition in status.Conditions ?? [])
        {
            condition.Type = pool.Intern(condition.Type);
            condition.Status = pool.Intern(condition.Status);
            condition.Reason = pool.Intern(condition.Reason);
        }

        foreach (var container in (status.InitContainerStatuses ?? []).Concat(status.ContainerStatuses ?? []))
        {
            container.Name = pool.Intern(container.Name);
            container.Image = pool.Intern(container.Image);
            container.ImageID = pool.Intern(container.ImageID);
            if (container.State is { } state)
            {
                state.Waiting?.Reason = pool.Intern(state.Waiting.Reason);
                state.Terminated?.Reason = pool.Intern(state.Terminated.Reason);
            }
        }
    }
}
