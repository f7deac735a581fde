using Oz.Bench.Harness;

namespace Oz.Bench.Measurement;

/// <summary>Phases of the bench's AgentTasks read straight from the simulator's store (no API request, so nothing to subtract).</summary>
public sealed class TaskStates(SimulatorHost host)
{
    private static readonly HashSet<string> Terminal = new(StringComparer.Ordinal) { "Succeeded", "Failed", "Cancelled" };

    /// <summary>Phase by task name ("" when no phase yet).</summary>
    public IReadOnlyDictionary<string, string> Phases()
    {
        var (items, _) = host.Sim.Store.List(host.AgentTasks, SimulatorHost.Namespace);
        return items.ToDictionary(o => o.Name, o => o.Fields.GetValueOrDefault("status.phase") ?? "", StringComparer.Ordinal);
    }

    public static bool IsTerminal(string phase) => Terminal.Contains(phase);

    public int CountTerminal(IEnumerable<string> names)
    {
        var phases = Phases();
        return names.Count(n => phases.TryGetValue(n, out var p) && IsTerminal(p));
    }

    /// <summary>Jobs in the store now.</summary>
    public int JobCount() => host.Sim.Store.Count(Oz.KubeSim.Store.BuiltInResources.Jobs);

    /// <summary>Waits (polling the store every 50 ms) until every named task is terminal; false at the time limit.</summary>
    public async Task<bool> WaitAllTerminalAsync(IReadOnlyCollection<string> names, TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (CountTerminal(names) < names.Count)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }

    /// <summary>Waits until the store holds no Job (cleanup done); false at the time limit.</summary>
    public async Task<bool> WaitNoJobsAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + limit;
        while (JobCount() > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50, cancellationToken);
        }

        return true;
    }
}
