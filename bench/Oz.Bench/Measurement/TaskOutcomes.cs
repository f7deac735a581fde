using System.Text.Json.Nodes;
using Oz.Bench.Harness;

namespace Oz.Bench.Measurement;

/// <summary>
/// How the bench's tasks ended. Every pod is scripted to succeed, so anything but Succeeded means
/// the operator lost track of work: <see cref="Lost"/> (AgentTask gone, or ended Failed/Cancelled),
/// <see cref="Stuck"/> (not terminal when the time limit ran out), <see cref="Duplicated"/> (a task
/// whose Job name was created with more than one uid, i.e. ran twice).
/// </summary>
public sealed record TaskOutcomes(
    int Tasks,
    int Succeeded,
    IReadOnlyList<string> Lost,
    IReadOnlyList<string> Stuck,
    IReadOnlyDictionary<string, int> Duplicated)
{
    public static TaskOutcomes Of(SimulatorHost host, IReadOnlyCollection<string> names)
    {
        var (items, _) = host.Sim.Store.List(host.AgentTasks, SimulatorHost.Namespace);
        var byName = items.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var lost = new List<string>();
        var stuck = new List<string>();
        var succeeded = 0;
        foreach (var name in names)
        {
            if (!byName.TryGetValue(name, out var stored))
            {
                lost.Add($"{name} (AgentTask vanished)");
                continue;
            }

            var phase = stored.Fields.GetValueOrDefault("status.phase") ?? "";
            if (phase == "Succeeded")
            {
                succeeded++;
            }
            else if (TaskStates.IsTerminal(phase))
            {
                var status = stored.ToJsonObject()["status"] as JsonObject;
                lost.Add($"{name} ({phase}: {status?["reason"]} {status?["message"]})");
            }
            else
            {
                stuck.Add($"{name} ({(phase.Length == 0 ? "no phase" : phase)})");
            }
        }

        var jobNames = names.ToDictionary(n => Oz.Crds.V1Alpha1.JobNaming.JobNameFor(SimulatorHost.Namespace, n), n => n, StringComparer.Ordinal);
        var duplicated = host.JobCreations.CreatedMoreThanOnce()
            .Where(d => jobNames.ContainsKey(d.Key))
            .ToDictionary(d => jobNames[d.Key], d => d.Value, StringComparer.Ordinal);
        return new TaskOutcomes(names.Count, succeeded, lost, stuck, duplicated);
    }

    public JsonObject ToJson() => new()
    {
        ["tasks"] = Tasks,
        ["succeeded"] = Succeeded,
        ["lost"] = Lost.Count,
        ["stuck"] = Stuck.Count,
        ["duplicated"] = Duplicated.Count,
        ["lostTasks"] = new JsonArray([.. Lost.Take(50).Select(l => (JsonNode)l)]),
        ["stuckTasks"] = new JsonArray([.. Stuck.Take(50).Select(s => (JsonNode)s)]),
        ["duplicatedTasks"] = new JsonArray([.. Duplicated.Take(50).Select(d => (JsonNode)$"{d.Key} ×{d.Value}")]),
    };
}
