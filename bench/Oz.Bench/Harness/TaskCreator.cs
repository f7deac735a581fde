using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Bench.Harness;

/// <summary>Creates AgentTasks as a user would (kubectl apply, the Oz bridge): retried on injected 500/429.</summary>
public sealed class TaskCreator(IKubernetes client)
{
    public static string NameOf(string prefix, int index) => $"{prefix}-{index:D5}";

    public static AgentTask NewTask(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = SimulatorHost.Namespace },
        Spec = new AgentTaskSpec { Image = "ubuntu:22.04", Title = "bench task" },
    };

    /// <summary>Creates one task; a 409 means an earlier attempt got through.</summary>
    public async Task CreateAsync(AgentTask task, CancellationToken cancellationToken)
    {
        await RetryAsync(async () =>
        {
            try
            {
                await client.CustomObjects.CreateNamespacedCustomObjectAsync(task, AgentTask.Group, AgentTask.Version, SimulatorHost.Namespace, AgentTask.Plural, cancellationToken: cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Created by an attempt whose answer was lost.
            }
        }, cancellationToken);
    }

    /// <summary>Creates the tasks with at most <paramref name="concurrency"/> requests in flight.</summary>
    public Task CreateAllAsync(IEnumerable<AgentTask> tasks, int concurrency, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (task, ct) => await CreateAsync(task, ct));

    /// <summary>Retries a request failing with 500 or 429 (the bench's requests are not what is measured).</summary>
    public static async Task RetryAsync(Func<Task> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await request();
                return;
            }
            catch (HttpOperationException e) when (attempt < 50 && e.Response.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20 * Math.Min(attempt, 10)), cancellationToken);
            }
        }
    }
}
