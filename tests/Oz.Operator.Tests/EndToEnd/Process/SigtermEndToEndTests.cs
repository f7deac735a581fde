using Oz.Bench.Harness;

namespace Oz.Operator.Tests.EndToEnd.Process;

/// <summary>
/// The real oz-operator binary in its own process, stopped with SIGTERM as the kubelet stops it, while
/// a task is running: it exits 0 within its shutdown deadline, the running task and its Job are left
/// alone, and the Lease is released, after the work stopped, for the next replica.
/// </summary>
[NonParallelizable]
public sealed class SigtermEndToEndTests
{
    private static readonly string LeaseName = LeaderElectionOptions.DefaultLeaseNameFor("bench");
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Test]
    public async Task SigtermMidTaskStopsTheWorkThenReleasesTheLeaseAndExitsZero()
    {
        // The bench's operator runs as worker "bench" and campaigns for that worker's Lease.
        await using var host = await SimulatorHost.StartAsync();
        var workDir = Path.Combine(Path.GetTempPath(), $"oz-sigterm-{Guid.NewGuid():N}");
        Directory.CreateDirectory(workDir);
        var kubeconfig = host.WriteOperatorKubeconfig(Path.Combine(workDir, "operator.kubeconfig"));
        var binary = Path.Combine(AppContext.BaseDirectory, "oz-operator");
        await using var op = OperatorProcess.Start(binary, kubeconfig, workDir, new Dictionary<string, string> { ["OZ_SHUTDOWN_TIMEOUT"] = "2s" });
        await op.WaitReadyAsync(Limit, CancellationToken.None);

        // kubesim/hang: the task's pod runs until someone stops it.
        var task = new AgentTask
        {
            Metadata = new V1ObjectMeta { Name = "mid-task", NamespaceProperty = SimulatorHost.Namespace },
            Spec = new AgentTaskSpec { Image = "kubesim/hang", Title = "runs across the operator's shutdown" },
        };
        await host.Bench.CustomObjects.CreateNamespacedCustomObjectAsync(task, AgentTask.Group, AgentTask.Version, SimulatorHost.Namespace, AgentTask.Plural);
        await WaitUntilAsync(async () => (await GetTaskAsync(host.Bench, "mid-task"))?.Status?.Phase == AgentTaskPhase.Running, op, "the task to run");
        var leaseBefore = await host.Bench.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, SimulatorHost.Namespace);

        var exitCode = await op.StopAsync();

        var lease = await host.Bench.CoordinationV1.ReadNamespacedLeaseAsync(LeaseName, SimulatorHost.Namespace);
        var after = await GetTaskAsync(host.Bench, "mid-task");
        var jobs = await host.Bench.BatchV1.ListNamespacedJobAsync(SimulatorHost.Namespace);
        var log = await File.ReadAllTextAsync(op.LogFile);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), op.Tail());
            Assert.That(leaseBefore.Spec.HolderIdentity, Is.EqualTo(OperatorInstance.Identity), "held while running");
            Assert.That(lease.Spec.HolderIdentity, Is.Null.Or.Empty, "released on the way out");
            Assert.That(after?.Status?.Phase, Is.EqualTo(AgentTaskPhase.Running), "the task is left running for the next leader");
            Assert.That(jobs.Items, Has.Count.EqualTo(1), "its Job is left alone");
            Assert.That(log, Does.Not.Contain("still running at the shutdown deadline"), "the work stopped within the deadline");
            Assert.That(log.IndexOf("Shutting down: stopping workers", StringComparison.Ordinal), Is.GreaterThanOrEqualTo(0));
            Assert.That(log.IndexOf("Released lease", StringComparison.Ordinal),
                Is.GreaterThan(log.IndexOf("Shutting down: stopping workers", StringComparison.Ordinal)), "the Lease goes after the work");
        });
    }

    private static Task<AgentTask?> GetTaskAsync(IKubernetes client, string name) => client.GetAgentTaskAsync(SimulatorHost.Namespace, name);

    /// <summary>Waits for <paramref name="condition"/> with the shared harness wait; fails at once, with the operator's log, if it exits.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition, OperatorProcess op, string what)
    {
        await Eventually.UntilAsync(async () => op.HasExited || await condition(), () => $"{what}\n{op.Tail()}");
        Assert.That(op.HasExited, Is.False, $"the operator exited while waiting for {what}\n{op.Tail()}");
    }
}
