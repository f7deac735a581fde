using Oz.KubeSim.Admission;

namespace Oz.Operator.Tests.EndToEnd.Host;

/// <summary>An admission rule that admits everything and remembers each write it saw (not dry runs).</summary>
internal sealed class WriteRecorder : IAdmissionRule
{
    private readonly ConcurrentQueue<AdmissionRequest> writes = new();

    public IReadOnlyList<AdmissionRequest> Writes => [.. writes];

    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (!request.DryRun)
        {
            writes.Enqueue(request);
        }

        return AdmissionDecision.Allow;
    }

    /// <summary>Jobs created for the AgentTask <paramref name="taskName"/> (by its label), by anyone.</summary>
    public int JobCreatesFor(string taskName) => Writes.Count(w =>
        w.Operation == AdmissionOperation.Create && w.Type.Plural == "jobs"
        && w.Object["metadata"]?["labels"]?[TaskLabels.AgentTask]?.GetValue<string>() == taskName);
}
