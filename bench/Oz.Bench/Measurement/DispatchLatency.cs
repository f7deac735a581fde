using Oz.Bench.Harness;
using Oz.Crds.V1Alpha1;

namespace Oz.Bench.Measurement;

/// <summary>AgentTask committed → its Job committed, per task, from the store's commit moments.</summary>
public static class DispatchLatency
{
    /// <summary>Latencies in milliseconds of the named tasks that have a Job.</summary>
    public static IReadOnlyList<double> Of(SimulatorHost host, IEnumerable<string> taskNames)
    {
        var tasks = host.TaskCreations.FirstByName();
        var jobs = host.JobCreations.FirstByName();
        var latencies = new List<double>();
        foreach (var name in taskNames)
        {
            if (tasks.TryGetValue(name, out var task) && jobs.TryGetValue(JobNaming.JobNameFor(SimulatorHost.Namespace, name), out var job))
            {
                latencies.Add(Creation.Milliseconds(task.Ticks, job.Ticks));
            }
        }

        return latencies;
    }

    /// <summary>Tasks dispatched per second: from the first task committed to the last Job committed.</summary>
    public static double Throughput(SimulatorHost host, IReadOnlyCollection<string> taskNames)
    {
        var tasks = host.TaskCreations.FirstByName();
        var jobs = host.JobCreations.FirstByName();
        var first = taskNames.Select(n => tasks.TryGetValue(n, out var t) ? t.Ticks : long.MaxValue).Min();
        var last = taskNames.Select(n => jobs.TryGetValue(JobNaming.JobNameFor(SimulatorHost.Namespace, n), out var j) ? j.Ticks : long.MinValue).Max();
        var dispatched = taskNames.Count(n => jobs.ContainsKey(JobNaming.JobNameFor(SimulatorHost.Namespace, n)));
        var seconds = Creation.Milliseconds(first, last) / 1000;
        return seconds > 0 ? dispatched / seconds : double.NaN;
    }
}
