using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Schedules;

/// <summary><see cref="IScheduleClusterClient"/> over KubernetesClient.</summary>
public sealed class KubernetesScheduleClusterClient(IKubernetes kubernetes) : IScheduleClusterClient
{
    private const string FieldManager = "oz-operator";

    public async Task<bool> CreateRunAsync(AgentTask run, CancellationToken cancellationToken)
    {
        try
        {
            await kubernetes.CustomObjects.CreateNamespacedCustomObjectAsync(
                run, AgentTask.Group, AgentTask.Version, run.Metadata.NamespaceProperty, AgentTask.Plural,
                fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public async Task DeleteRunAsync(AgentTask run, CancellationToken cancellationToken)
    {
        try
        {
            await kubernetes.CustomObjects.DeleteNamespacedCustomObjectAsync(
                AgentTask.Group, AgentTask.Version, run.Metadata.NamespaceProperty, AgentTask.Plural, run.Metadata.Name,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = run.Metadata.Uid }, PropagationPolicy = "Background" },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or (409, the UID precondition) replaced by a newer task of that name.
        }
    }

    public async Task PatchStatusAsync(AgentTaskSchedule schedule, AgentTaskScheduleStatus status, CancellationToken cancellationToken)
    {
        var statusJson = JsonNode.Parse(KubernetesJson.Serialize(status))!.AsObject();

        // A merge patch leaves out what is absent: an emptied list must be sent as one.
        statusJson["active"] ??= new JsonArray();
        var patch = new JsonObject { ["status"] = statusJson };
        await kubernetes.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
            AgentTaskSchedule.Group, AgentTaskSchedule.Version, schedule.Metadata.NamespaceProperty, AgentTaskSchedule.Plural, schedule.Metadata.Name,
            fieldManager: FieldManager, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
