namespace Oz.Operator.Tests.EndToEnd;

/// <summary>API faults and watch trouble mid-run: every task still ends right, with one Job each.</summary>
[NonParallelizable]
[CancelAfter(TestBudgets.EndToEndMilliseconds)]
public sealed class ResilienceEndToEndTests
{
    private const int Tasks = 10;

    [Test]
    public async Task InjectedServerErrorsAndThrottlingStillCompleteEveryTaskWithOneJobEach()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        var names = Enumerable.Range(0, Tasks).Select(i => $"faulty-{i}").ToList();
        foreach (var name in names)
        {
            await env.CreateTaskAsync(name);
        }

        // The operator's writes fail at random; the test's kubelet and reads are spared.
        env.Sim.Faults.ServerErrorRate = 0.10;
        env.Sim.Faults.ThrottleRate = 0.05;
        env.Sim.Faults.Applies = (verb, resource) => verb is "create" or "patch" or "update" or "delete" && resource is not "pods";

        await RunAllToSuccessAsync(env, names);

        Assert.Multiple(() =>
        {
            Assert.That(env.Sim.RequestLog.Entries.Count(e => e.Code is 500 or 429), Is.GreaterThan(0), "faults were injected");
            Assert.That(CreatedJobs(env), Is.EqualTo(Tasks));
        });
    }

    [Test]
    public async Task DroppedWatchesAndCompactedHistoryLoseNoTransition()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        var names = Enumerable.Range(0, Tasks).Select(i => $"dropped-{i}").ToList();
        foreach (var name in names)
        {
            await env.CreateTaskAsync(name);
            env.Sim.Faults.DropWatches();
        }

        env.Sim.Faults.Compact();
        env.Sim.Faults.DropWatches();

        await RunAllToSuccessAsync(env, names, betweenSteps: () =>
        {
            env.Sim.Faults.Compact();
            env.Sim.Faults.DropWatches();
        });

        Assert.That(CreatedJobs(env), Is.EqualTo(Tasks));
    }

    private static async Task RunAllToSuccessAsync(OperatorOnKubeSim env, IReadOnlyList<string> names, Action? betweenSteps = null)
    {
        foreach (var name in names)
        {
            var job = await env.WaitForJobAsync(name);
            await env.Kubelet.RunPodAsync(job!, TestKubelet.Running());
            betweenSteps?.Invoke();
        }

        foreach (var name in names)
        {
            await env.WaitForTaskAsync(name, t => t.Status?.Phase == AgentTaskPhase.Running, $"{name} Running");
            var job = await env.GetJobAsync(name);
            await env.Kubelet.SetPodStatusAsync(job!.Metadata.Name + "-x1y2z", TestKubelet.Terminated(0, "Completed"));
            betweenSteps?.Invoke();
        }

        foreach (var name in names)
        {
            var task = await env.WaitForTaskAsync(name, t => t.Status?.Phase?.IsTerminal() == true, $"{name} finished");
            Assert.That(task!.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded), $"{name}: {task.Status.Message}");
        }
    }

    private static int CreatedJobs(OperatorOnKubeSim env) =>
        env.Sim.RequestLog.Entries.Count(e => e.Verb == "create" && e.Resource == "jobs" && e.Code == 201);
}
