using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.OzWorker.Bridge;

/// <summary><see cref="IAgentTaskStore"/> over the Kubernetes API (CustomObjects for AgentTasks, CoreV1 for Secrets).</summary>
public sealed class KubernetesAgentTaskStore(IKubernetes client) : IAgentTaskStore
{
    private const string CancelPatch = """{"spec":{"cancel":true}}""";
    private const string ReportedPatch = """{"status":{"reportedToOz":true}}""";
    private const string OpenStartGatePatch = """{"metadata":{"annotations":{""" + "\"" + StartGate.Annotation + "\"" + """:null}}}""";

    public async Task<AgentTask?> CreateAgentTaskAsync(AgentTask task, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.CreateNamespacedCustomObjectAsync<AgentTask>(
                task,
                AgentTask.Group,
                AgentTask.Version,
                task.Metadata.NamespaceProperty,
                AgentTask.Plural,
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    public async Task<AgentTask?> GetAgentTaskAsync(string ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CustomObjects.GetNamespacedCustomObjectAsync<AgentTask>(
                AgentTask.Group, AgentTask.Version, ns, AgentTask.Plural, name, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> CreateSecretAsync(V1Secret secret, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.CreateNamespacedSecretAsync(secret, secret.Metadata.NamespaceProperty, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public Task OpenStartGateAsync(string ns, string name, CancellationToken cancellationToken) =>
        MergePatchAsync(OpenStartGatePatch, ns, name, cancellationToken);

    public async Task<bool> DeleteAgentTaskAsync(string ns, string name, string uid, CancellationToken cancellationToken)
    {
        try
        {
            await client.CustomObjects.DeleteNamespacedCustomObjectAsync(
                AgentTask.Group,
                AgentTask.Version,
                ns,
                AgentTask.Plural,
                name,
                new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = uid } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            // Gone already, or the name now holds another AgentTask (the uid precondition failed).
            return false;
        }
    }

    public Task RequestCancelAsync(string ns, string name, CancellationToken cancellationToken) =>
        MergePatchAsync(CancelPatch, ns, name, cancellationToken);

    public Task MarkReportedAsync(string ns, string name, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch(ReportedPatch, V1Patch.PatchType.MergePatch),
            AgentTask.Group,
            AgentTask.Version,
            ns,
            AgentTask.Plural,
            name,
            cancellationToken: cancellationToken);

    private Task MergePatchAsync(string patch, string ns, string name, CancellationToken cancellationToken) =>
        client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(patch, V1Patch.PatchType.MergePatch),
            AgentTask.Group,
            AgentTask.Version,
            ns,
            AgentTask.Plural,
            name,
            cancellationToken: cancellationToken);
}
