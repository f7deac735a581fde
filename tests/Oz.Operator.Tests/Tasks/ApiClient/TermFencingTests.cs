using Microsoft.Extensions.Time.Testing;
using Oz.Operator.Kubernetes.Controllers;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

/// <summary>
/// Fencing of the AgentTask controller: when the leadership term ends, the write in flight is
/// abandoned and no write of any kind (Job create or delete, status, finalizer, task delete, Event)
/// lands afterwards, however long the clocks run on. Each case holds one kind of write at the API
/// server until the term has ended, then lets it through: only a write that ignored the term's
/// token would land.
/// </summary>
public sealed class TermFencingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Which write is held, and the state the task is brought to first so that this write comes next.</summary>
    public enum Setup
    {
        NewTask,
        DeletedTask,
        DeletedTaskWithoutJob,
        FinishedPastRetention,
    }

    public sealed record FenceCase(string Write, Setup Setup)
    {
        public override string ToString() => $"{Write} ({Setup})";
    }

    public static IEnumerable<FenceCase> Cases =>
    [
        new(TermFence.FinalizerPatch, Setup.NewTask),
        new(TermFence.JobCreate, Setup.NewTask),
        new(TermFence.StatusPatch, Setup.NewTask),
        new(TermFence.Event, Setup.NewTask),
        new(TermFence.JobDelete, Setup.DeletedTask),
        new(TermFence.StatusPatch, Setup.DeletedTaskWithoutJob),
        new(TermFence.FinalizerPatch, Setup.DeletedTaskWithoutJob),
        new(TermFence.TaskDelete, Setup.FinishedPastRetention),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task AWriteInFlightWhenTheTermEndsNeverLandsAndNothingIsWrittenAfter(FenceCase c)
    {
        TermFence? fence = null;
        var options = c.Setup == Setup.FinishedPastRetention
            ? new OperatorOptions { Namespace = Namespace, TaskRetention = TimeSpan.FromHours(1), DeleteHandMadeTasks = true }
            : null;
        var h = new ReconcilerHarness(options, client: cluster => fence = new TermFence(cluster));
        await ArrangeAsync(h, c.Setup);
        var held = fence!.GateAsync(c.Write);
        var clock = new FakeTimeProvider(new DateTimeOffset(T0));
        using var controller = new Controller(h.Reconciler, new ControllerOptions { Workers = 1 }, NullLogger<Controller>.Instance, clock);
        using var term = new CancellationTokenSource();
        controller.Queue.Add(new ObjectKey(Namespace, "t1"));
        var run = controller.RunAsync(term.Token);
        await held.WaitAsync(Timeout);

        fence.EndTerm(term);
        fence.OpenGates();
        await run.WaitAsync(Timeout);
        await h.Reconciler.Events.WhenIdleAsync().WaitAsync(Timeout);

        // Every requeue and retry the term had asked for comes due; no worker is left to act on it.
        clock.Advance(TimeSpan.FromDays(2));
        h.Time.Now = T0.AddDays(2);
        await h.Reconciler.Events.WhenIdleAsync().WaitAsync(Timeout);

        Assert.Multiple(() =>
        {
            Assert.That(fence.LandedAfterTerm, Is.Empty, "writes after the term ended");
            Assert.That(fence.GatedTokens.Select(t => t.IsCancellationRequested), Is.All.True, "the held write was handed the term's token");
        });
    }

    private static async Task ArrangeAsync(ReconcilerHarness h, Setup setup)
    {
        h.Add(Task());
        switch (setup)
        {
            case Setup.DeletedTask:
                // Finalizer, Job and status written; then kubectl delete.
                await h.ReconcileAsync();
                await h.Cluster.DeleteTaskAsync(h.Task(), CancellationToken.None);
                break;
            case Setup.DeletedTaskWithoutJob:
                // As above, and the Job is already deleted: Cancelled and the finalizer's removal are next.
                await h.ReconcileAsync();
                await h.Cluster.DeleteTaskAsync(h.Task(), CancellationToken.None);
                await h.ReconcileAsync();
                break;
            case Setup.FinishedPastRetention:
                await h.ReconcileAsync();
                h.SetPod("t1", p => { p.Status.Phase = "Succeeded"; p.WithTask(Terminated(0)); });
                h.SetJobCondition("t1", "Complete");
                await h.ReconcileAsync();
                h.Time.Now = T0.AddMinutes(61);
                break;
        }
    }
}
