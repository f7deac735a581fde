using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.Cli;

public sealed class RenderCommandTests : TempDirectoryFixture
{
    private const string Task = """
        apiVersion: oz.warp.dev/v1alpha1
        kind: AgentTask
        metadata:
          name: fix-flaky-test
          namespace: oz-tasks
          uid: 1b4e28ba-2fa1-11d2-883f-0016d3cca427
        spec:
          taskId: 7f9c2a
          title: Fix the flaky test
          image: ubuntu:22.04
          args: [agent, run, --task-id, 7f9c2a, --sandboxed]
        """;

    [Test]
    public async Task FileThatIsNotAnAgentTaskExitsWith2()
    {
        var file = Temp.Write("pod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n");

        var run = await CliRun.InvokeAsync(["render", "--task", file, "--worker-id", "w"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InvalidConfiguration));
        Assert.That(run.Error, Does.Contain("is not an AgentTask").And.Contain("kind 'Pod'"));
    }

    [Test]
    public async Task TaskFileThatIsNotYamlExitsWith2()
    {
        var file = Temp.Write("task.yaml", "kind: [AgentTask\n");

        var run = await CliRun.InvokeAsync(["render", "--task", file, "--worker-id", "w"]);

        Assert.That((run.ExitCode, run.Error.Contains("is not an AgentTask", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.InvalidConfiguration, true)));
    }

    [Test]
    public async Task MissingTaskFileExitsWith2()
    {
        var run = await CliRun.InvokeAsync(["render", "--task", Path.Combine(Temp.Path, "absent.yaml"), "--worker-id", "w"]);

        Assert.That((run.ExitCode, run.Error.Contains("cannot read task file", StringComparison.Ordinal)), Is.EqualTo((ExitCodes.InvalidConfiguration, true)));
    }

    [Test]
    public async Task PrintsTheJobWithTheTaskContainer()
    {
        var file = Temp.Write("task.yaml", Task);

        var run = await CliRun.InvokeAsync(["render", "--task", file, "--worker-id", "w"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
        var job = KubernetesYaml.Deserialize<V1Job>(run.Output);
        Assert.That(job.Kind, Is.EqualTo("Job"));
        Assert.That(job.Metadata.Name, Is.Not.Empty.And.Length.LessThanOrEqualTo(63));
        Assert.That(job.Spec.Template.Spec.Containers.Select(c => c.Name), Does.Contain("task"));
    }

    [Test]
    public async Task ConfigurationFlagsReachTheJob()
    {
        var file = Temp.Write("task.yaml", Task);

        var run = await CliRun.InvokeAsync(["render", "--task", file, "--worker-id", "w", "--extra-labels", "team=platform"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
        Assert.That(KubernetesYaml.Deserialize<V1Job>(run.Output).Metadata.Labels["team"], Is.EqualTo("platform"));
    }

    [Test]
    public async Task TaskPodFlagsReachThePodSpec()
    {
        var file = Temp.Write("task.yaml", Task);

        var run = await CliRun.InvokeAsync(["render", "--task", file, "--worker-id", "w",
            "--task-pod-service-account-name", "oz-task", "--task-pod-runtime-class-name", "gvisor", "--task-pod-image-pull-secrets", "registry-a,registry-b",
            "--task-pod-node-selector", "pool=agents", "--task-pod-tolerations", """[{"key":"dedicated","operator":"Exists"}]""",
            "--task-pod-resources", """{"limits":{"memory":"4Gi"}}""", "--task-pod-termination-grace-period-seconds", "45"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
        var pod = KubernetesYaml.Deserialize<V1Job>(run.Output).Spec.Template.Spec;
        Assert.Multiple(() =>
        {
            Assert.That((pod.ServiceAccountName, pod.RuntimeClassName, pod.TerminationGracePeriodSeconds), Is.EqualTo(("oz-task", "gvisor", (long?)45)));
            Assert.That(pod.ImagePullSecrets.Select(s => s.Name), Is.EqualTo(new[] { "registry-a", "registry-b" }));
            Assert.That((pod.NodeSelector["pool"], pod.Tolerations.Single().Key), Is.EqualTo(("agents", "dedicated")));
            Assert.That(pod.Containers.Single(c => c.Name == "task").Resources.Limits["memory"].ToString(), Is.EqualTo("4Gi"));
        });
    }

    [Test]
    public async Task ThePrintedPodIsHardened()
    {
        var file = Temp.Write("task.yaml", Task + "\n  sidecars:\n  - image: ghcr.io/example/tools:1\n    mountPath: /opt/tools\n");

        var run = await CliRun.InvokeAsync(["render", "--task", file, "--worker-id", "w"]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Ok), run.Error);
        var pod = KubernetesYaml.Deserialize<V1Job>(run.Output).Spec.Template.Spec;
        Assert.Multiple(() =>
        {
            Assert.That(pod.AutomountServiceAccountToken, Is.False);
            Assert.That(pod.SecurityContext.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
            foreach (var container in pod.InitContainers.Concat(pod.Containers))
            {
                Assert.That(container.SecurityContext.AllowPrivilegeEscalation, Is.False, container.Name);
                Assert.That(container.SecurityContext.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }), container.Name);
            }

            Assert.That(pod.InitContainers.Single(c => c.Name == "copy-sidecar-0").SecurityContext.Capabilities.Add, Is.EqualTo(new[] { "DAC_OVERRIDE" }));
        });
    }
}
