using System.Diagnostics;
using k8s;
using k8s.Models;
using Oz.Bench.Harness;
using Oz.Bench.Reporting;
using Oz.Operator.Tasks;

namespace Oz.Bench.Scenarios;

/// <summary>
/// The raw limit: the operator's kind of client (KubernetesClient, the operator's identity) creating
/// real task Jobs (built by JobBuilder) as fast as a bounded number of concurrent requests allows,
/// against a fresh simulator whose Job controller and kubelet run the pods as usual.
/// </summary>
public static class LimitScenario
{
    public const int DefaultConcurrency = 32;

    /// <summary>Jobs created per second.</summary>
    public static async Task<(ScenarioReport Report, double JobsPerSecond)> RunAsync(int jobs, int concurrency, CancellationToken cancellationToken)
    {
        await using var host = await SimulatorHost.StartAsync();
        using var client = new k8s.Kubernetes(host.OperatorConfiguration);
        var desired = Enumerable.Range(0, jobs).Select(i => JobFor(TaskCreator.NameOf("limit", i))).ToList();

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(desired, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (job, ct) =>
            await TaskCreator.RetryAsync(() => client.BatchV1.CreateNamespacedJobAsync(job, SimulatorHost.Namespace, cancellationToken: ct), ct));
        clock.Stop();

        var perSecond = jobs / clock.Elapsed.TotalSeconds;
        var report = new ScenarioReport($"limit {jobs}");
        report.Add("Jobs created", jobs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        report.Add("Concurrent requests", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        report.Add("Wall time (s)", ScenarioReport.Number(clock.Elapsed.TotalSeconds, 2));
        report.Add("Raw limit (Jobs/s)", ScenarioReport.Number(perSecond));
        report.Set("jobs", jobs);
        report.Set("concurrency", concurrency);
        report.Set("seconds", clock.Elapsed.TotalSeconds);
        report.Set("jobsPerSecond", perSecond);
        return (report, perSecond);
    }

    /// <summary>The Job the operator would create for a task of this name (no ownerReference: there is no AgentTask).</summary>
    private static V1Job JobFor(string name)
    {
        var task = TaskCreator.NewTask(name);
        task.Metadata.Uid = Guid.NewGuid().ToString();
        var job = JobBuilder.Build(task, OperatorInstance.DefaultOptions);
        job.Metadata.OwnerReferences = null;
        return job;
    }
}
