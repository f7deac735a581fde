using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary><see cref="ITaskClusterClient"/> over KubernetesClient.</summary>
/// <param name="kubernetes">The API client.</param>
/// <param name="reportingInstance">This replica's identity, written on its Events.</param>
/// <param name="time">The clock.</param>
/// <param name="redactor">Masks secrets in log tails before they go anywhere (status, Event, report to Oz).</param>
public sealed class KubernetesTaskClusterClient(IKubernetes kubernetes, string reportingInstance, TimeProvider time, SecretRedactor? redactor = null) : ITaskClusterClient
{
    /// <summary>Lines asked for, from most to fewest: fewer when the last ones alone exceed <see cref="LogReadLimitBytes"/>.</summary>
    internal static readonly int[] LogTailLines = [200, 20, 2];

    /// <summary>
    /// limitBytes of each log read. The server applies it from the start of the tailLines window, so
    /// a window cut by it is read again with fewer lines (the end is what explains a failure).
    /// </summary>
    internal const int LogReadLimitBytes = 64 * 1024;

    /// <summary>reportingController of the operator's Events.</summary>
    public const string ReportingController = "oz.warp.dev/operator";

    private const string FieldManager = "oz-operator";

    /// <summary>The writes' own requests go through the client's HTTP pipeline (<see cref="ClientRequest"/>).</summary>
    private readonly k8s.Kubernetes http = kubernetes as k8s.Kubernetes
        ?? throw new ArgumentException("the task client needs the KubernetesClient's Kubernetes client", nameof(kubernetes));

    public async Task<V1Job?> CreateJobAsync(V1Job job, CancellationToken cancellationToken)
    {
        try
        {
            return await ClientRequest.SendAsync<V1Job>(
                http, HttpMethod.Post, $"apis/batch/v1/namespaces/{ClientRequest.Segment(job.Metadata.NamespaceProperty)}/jobs?fieldManager={FieldManager}",
                JsonSerializer.SerializeToUtf8Bytes(job, ClientJson.Options.GetTypeInfo(typeof(V1Job))), ClientRequest.Json, cancellationToken,
                // The answer is read as a cached Job is (its pod template, the task's scripts, skipped unread).
                TaskCacheTransforms.JobDecoding);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
        catch (HttpOperationException e) when (JobCreateRefusedException.IsRefusal(e.Response.StatusCode))
        {
            throw new JobCreateRefusedException(e.Response.StatusCode, ApiErrors.Message(e));
        }
    }

    public async Task<V1Job?> ReadJobAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.BatchV1.ReadNamespacedJobAsync(name, @namespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteJobAsync(string @namespace, string name, string? uid, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions
        {
            PropagationPolicy = "Background",
            Preconditions = string.IsNullOrEmpty(uid) ? null : new V1Preconditions { Uid = uid },
        };
        try
        {
            // The answer (the Job being deleted, or a Status) is not read: nothing here needs it.
            await ClientRequest.SendAsync(
                http, HttpMethod.Delete, $"apis/batch/v1/namespaces/{ClientRequest.Segment(@namespace)}/jobs/{ClientRequest.Segment(name)}",
                JsonSerializer.SerializeToUtf8Bytes(options, ClientJson.Options.GetTypeInfo(typeof(V1DeleteOptions))), ClientRequest.Json, cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone: what was wanted.
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && !string.IsNullOrEmpty(uid))
        {
            // The UID precondition failed: the Job meant is gone and another of the same name took
            // its place, which is not this delete's to remove.
        }
    }

    public async Task<AgentTask> PatchStatusAsync(AgentTask task, AgentTaskStatus status, CancellationToken cancellationToken)
    {
        return await ClientRequest.SendAsync<AgentTask>(
            http, HttpMethod.Patch, $"{TaskPath(task)}/status?fieldManager={FieldManager}",
            TaskStatusPatch.Document(task.Metadata.ResourceVersion, status), ClientRequest.MergePatch, cancellationToken);
    }

    public async Task<AgentTask> SetFinalizersAsync(AgentTask task, IReadOnlyList<string> finalizers, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = task.Metadata.ResourceVersion,
                ["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            },
        };
        return await ClientRequest.SendAsync<AgentTask>(
            http, HttpMethod.Patch, $"{TaskPath(task)}?fieldManager={FieldManager}",
            Encoding.UTF8.GetBytes(patch.ToJsonString()), ClientRequest.MergePatch, cancellationToken);
    }

    public async Task DeleteTaskAsync(AgentTask task, CancellationToken cancellationToken)
    {
        try
        {
            await kubernetes.CustomObjects.DeleteNamespacedCustomObjectAsync(
                AgentTask.Group, AgentTask.Version, task.Metadata.NamespaceProperty, AgentTask.Plural, task.Metadata.Name,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = task.Metadata.Uid } },
                cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            // Already gone.
        }
    }

    public async Task<IReadOnlyList<Corev1Event>> ListEventsAsync(string @namespace, string involvedObjectName, CancellationToken cancellationToken)
    {
        var list = await kubernetes.CoreV1.ListNamespacedEventAsync(
            @namespace, fieldSelector: $"involvedObject.name={involvedObjectName}", cancellationToken: cancellationToken);
        return list.Items?.ToList() ?? [];
    }

    public async Task<string> ReadLogTailAsync(string @namespace, string pod, string container, int maxBytes, CancellationToken cancellationToken)
    {
        var text = "";
        foreach (var lines in LogTailLines)
        {
            await using var stream = await kubernetes.CoreV1.ReadNamespacedPodLogAsync(
                pod, @namespace, container: container, tailLines: lines, limitBytes: LogReadLimitBytes, cancellationToken: cancellationToken);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = await reader.ReadToEndAsync(cancellationToken);
            if (Encoding.UTF8.GetByteCount(text) < LogReadLimitBytes)
            {
                break;
            }
        }

        // Masked before it is cut, so a secret is never left half-visible at the tail's first line.
        return Status.StatusText.Tail(redactor?.Redact(text) ?? text, maxBytes);
    }

    public async Task EmitEventAsync(IKubernetesObject<V1ObjectMeta> regarding, TaskEvent taskEvent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var meta = regarding.Metadata;
        var body = new Eventsv1Event
        {
            ApiVersion = "events.k8s.io/v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                // client-go's naming: the object's name and a unique hexadecimal time (≤ 253 characters).
                Name = $"{meta.Name[..Math.Min(meta.Name.Length, 236)]}.{now.Ticks:x}",
                NamespaceProperty = meta.NamespaceProperty,
            },
            EventTime = now,
            Regarding = new V1ObjectReference
            {
                ApiVersion = regarding.ApiVersion,
                Kind = regarding.Kind,
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
            },
            Reason = taskEvent.Reason,
            Action = taskEvent.Action,
            Note = Status.StatusText.Head(taskEvent.Note, Status.StatusText.MaxEventNoteBytes),
            Type = taskEvent.Type,
            ReportingController = ReportingController,
            ReportingInstance = Status.StatusText.Head(reportingInstance, Status.StatusText.MaxEventReportingInstanceBytes),
        };
        // The created Event the server answers with is not read: nothing here needs it.
        await ClientRequest.SendAsync(
            http, HttpMethod.Post, $"apis/events.k8s.io/v1/namespaces/{ClientRequest.Segment(meta.NamespaceProperty)}/events",
            JsonSerializer.SerializeToUtf8Bytes(body, ClientJson.Options.GetTypeInfo(typeof(Eventsv1Event))), ClientRequest.Json, cancellationToken);
    }

    private static string TaskPath(AgentTask task) =>
        $"apis/{AgentTask.Group}/{AgentTask.Version}/namespaces/{ClientRequest.Segment(task.Metadata.NamespaceProperty)}/{AgentTask.Plural}/{ClientRequest.Segment(task.Metadata.Name)}";
}
