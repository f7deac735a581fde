namespace Oz.Operator.Tests.EndToEnd;

/// <summary>What a GitOps tool meets, through the real controller, HTTP and the real kubectl.</summary>
[NonParallelizable]
[CancelAfter(TestBudgets.EndToEndMilliseconds)]
public sealed class GitOpsEndToEndTests
{
    private const string WorkerId = "e2e-worker";

    [Test]
    public async Task AHandMadeTaskOutlivesTaskRetentionWhileAReportedOzTaskIsDeleted()
    {
        var retention = TimeSpan.FromSeconds(2);
        await using var env = await OperatorOnKubeSim.StartAsync(new OperatorOptions { Namespace = OperatorOnKubeSim.Namespace, TaskRetention = retention, WorkerId = WorkerId });
        await env.CreateTaskAsync("from-git", spec => spec.Prompt = "Fix the flaky test");
        await CreateOzTaskAsync(env, "from-oz");
        foreach (var name in new[] { "from-git", "from-oz" })
        {
            var job = await env.WaitForJobAsync(name);
            await env.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
            await env.WaitForTaskAsync(name, t => t.Status?.Phase == AgentTaskPhase.Succeeded, $"{name} Succeeded");
        }

        await env.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
            new V1Patch("{\"status\":{\"reportedToOz\":true}}", V1Patch.PatchType.MergePatch),
            AgentTask.Group, AgentTask.Version, OperatorOnKubeSim.Namespace, AgentTask.Plural, "from-oz");

        await KubeSimCluster.WaitForAsync(() => env.GetTaskAsync("from-oz"), t => t is null, "the reported Oz task to be deleted after taskRetention");
        var kept = await env.GetTaskAsync("from-git");
        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.Not.Null, "the task from Git is kept");
            Assert.That(kept!.Status!.CompletionTime + retention, Is.LessThan(DateTime.UtcNow), "its retention had run out too");
        });
    }

    [Test]
    public async Task ReApplyingAFinishedTaskWithKubectlCreatesNoJob()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        var manifest = Path.Combine(Path.GetTempPath(), $"oz-e2e-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(manifest, """
            apiVersion: oz.warp.dev/v1alpha1
            kind: AgentTask
            metadata:
              name: from-git
              namespace: default
            spec:
              image: ubuntu:22.04
              prompt: Fix the flaky test
            """);
        try
        {
            Assert.That((await KubeSimCluster.KubectlAsync(env.Sim, "apply", "-f", manifest)).Code, Is.Zero);
            var job = await env.WaitForJobAsync("from-git");
            await env.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));
            var done = await env.WaitForTaskAsync("from-git", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded");
            await env.WaitForJobGoneAsync("from-git");

            var (code, output) = await KubeSimCluster.KubectlAsync(env.Sim, "apply", "-f", manifest);

            Assert.That((code, output.Trim()), Is.EqualTo((0, "agenttask.oz.warp.dev/from-git unchanged")));
            var after = await env.GetTaskAsync("from-git");
            Assert.Multiple(() =>
            {
                Assert.That(after!.Metadata.Generation, Is.EqualTo(done!.Metadata.Generation));
                Assert.That(after.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded));
                Assert.That(env.Sim.RequestLog.Count("create", "jobs"), Is.EqualTo(1));
            });
        }
        finally
        {
            File.Delete(manifest);
        }
    }

    [Test]
    public async Task KubectlWaitForReadyReturnsWhenATaskSucceeds()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        await env.CreateTaskAsync("succeeds", spec => spec.Prompt = "Say hello");
        var job = await env.WaitForJobAsync("succeeds");
        var wait = KubeSimCluster.KubectlAsync(env.Sim, "wait", "--for=condition=Ready", "agenttask/succeeds", "--timeout=20s");

        await env.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(0, "Completed"));

        var (code, output) = await wait;
        Assert.That((code, output.Trim()), Is.EqualTo((0, "agenttask.oz.warp.dev/succeeds condition met")));
    }

    [Test]
    public async Task AFailedTaskIsStalledAndItsReadyConditionCarriesTheReason()
    {
        await using var env = await OperatorOnKubeSim.StartAsync();
        await env.CreateTaskAsync("fails", spec => spec.Prompt = "Say hello");
        var job = await env.WaitForJobAsync("fails");
        await env.Kubelet.RunPodAsync(job!, TestKubelet.Terminated(3, "Error"));

        var stalled = await KubeSimCluster.KubectlAsync(env.Sim, "wait", "--for=condition=Stalled", "agenttask/fails", "--timeout=20s");
        var ready = await KubeSimCluster.KubectlAsync(env.Sim, "wait", "--for=condition=Ready", "agenttask/fails", "--timeout=1s");
        var reason = await KubeSimCluster.KubectlAsync(env.Sim, "get", "agenttask", "fails", "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}");

        Assert.Multiple(() =>
        {
            Assert.That(stalled.Code, Is.Zero, stalled.Output);
            Assert.That(ready.Code, Is.Not.Zero, "a failed task never becomes Ready");
            Assert.That(reason.Output, Is.EqualTo(nameof(FailureReason.ContainerExit)));
        });
    }

    private static async Task CreateOzTaskAsync(OperatorOnKubeSim env, string name)
    {
        var task = new AgentTask
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = OperatorOnKubeSim.Namespace,
                Labels = new Dictionary<string, string> { [TaskLabels.Source] = TaskLabels.SourceOz, [TaskLabels.WorkerIdHash] = KubernetesNames.LabelHash(WorkerId) },
                Annotations = new Dictionary<string, string> { [TaskLabels.Annotations.WorkerId] = WorkerId },
            },
            Spec = new AgentTaskSpec { Image = "ubuntu:22.04", TaskId = "oz-task-1", Args = ["agent", "run", "--task-id", "oz-task-1"] },
        };
        await env.Client.CustomObjects.CreateNamespacedCustomObjectAsync(task, AgentTask.Group, AgentTask.Version, OperatorOnKubeSim.Namespace, AgentTask.Plural);
    }
}
