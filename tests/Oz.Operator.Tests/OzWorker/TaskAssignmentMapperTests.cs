using Oz.Operator.OzWorker.Mapping;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.OzWorker;

public sealed partial class TaskAssignmentMapperTests
{
    private static readonly OperatorOptions Options = new()
    {
        WorkerId = "worker-1",
        Namespace = "ns-1",
        Oz = new OzOptions { ServerRootUrl = "https://root.test" },
    };

    [Test]
    public void SpecCarriesIdentityImageTitleAndArgs()
    {
        var task = Map(Assignment()).Task!;

        Assert.Multiple(() =>
        {
            Assert.That(task.Metadata.NamespaceProperty, Is.EqualTo("ns-1"));
            Assert.That(task.Spec.TaskId, Is.EqualTo("t-1"));
            Assert.That(task.Spec.ExecutionId, Is.EqualTo("e-1"));
            Assert.That(task.Spec.Title, Is.EqualTo("A title"));
            Assert.That(task.Spec.Image, Is.EqualTo("env:1"));
            Assert.That(task.Spec.Args!.Take(7), Is.EqualTo(new[] { "agent", "run", "--task-id", "t-1", "--sandboxed", "--server-root-url", "https://root.test" }));
        });
    }

    [Test]
    public void TheAgentTaskIsBornWithTheControllersFinalizer() =>
        Assert.That(Map(Assignment()).Task!.Metadata.Finalizers, Is.EqualTo(new[] { AgentTaskFinalizer.JobCleanup }));

    [Test]
    public void MissingDockerImageLeavesTheImageToTheOperatorDefault() =>
        Assert.That(Map(Assignment() with { DockerImage = "" }).Task!.Spec.Image, Is.Null);

    [Test]
    public void AgentSidecarIsMountedReadOnlyAtAgentFollowedByAdditionalSidecars()
    {
        var sidecars = Map(Assignment() with
        {
            AdditionalSidecars = [new AdditionalSidecar { Image = "tools:1", MountPath = "/tools", ReadWrite = true }, new AdditionalSidecar { Image = "data:1", MountPath = "/data" }],
        }).Task!.Spec.Sidecars!;

        Assert.Multiple(() =>
        {
            Assert.That(sidecars.Select(s => (s.Image, s.MountPath, s.ReadWrite)), Is.EqualTo(new[]
            {
                ("sidecar:1", "/agent", (bool?)false),
                ("tools:1", "/tools", true),
                ("data:1", "/data", false),
            }));
        });
    }

    [Test]
    public void ConfiguredSidecarImageOverridesTheServers() =>
        Assert.That(Map(Assignment(), Options with { SidecarImage = "mirror/sidecar:2" }).Task!.Spec.Sidecars![0].Image, Is.EqualTo("mirror/sidecar:2"));

    [Test]
    public void CodingCliSidecarOfTheTasksHarnessReplacesTheServersImageAtItsMountPath()
    {
        var sidecars = Map(ForHarness("claude") with
        {
            AdditionalSidecars = [new AdditionalSidecar { Image = "warp/claude:1", MountPath = "/mnt/claude-cli-sidecar" }],
        }, Options with { CodingCliSidecars = new Dictionary<string, string> { ["claude"] = "mine/claude:7" } }).Task!.Spec.Sidecars!;

        Assert.That(sidecars.Select(s => (s.Image, s.MountPath)), Is.EqualTo(new[] { ("sidecar:1", "/agent"), ("mine/claude:7", "/mnt/claude-cli-sidecar") }));
    }

    [Test]
    public void CodingCliSidecarIsAddedWhenTheServerSentNoneForTheHarness()
    {
        var sidecars = Map(ForHarness(" codex "), Options with { CodingCliSidecars = new Dictionary<string, string> { ["codex"] = "mine/codex:1" } }).Task!.Spec.Sidecars!;

        Assert.That(sidecars.Select(s => (s.Image, s.MountPath, s.ReadWrite)), Is.EqualTo(new[] { ("sidecar:1", "/agent", (bool?)false), ("mine/codex:1", "/mnt/codex-cli-sidecar", false) }));
    }

    [Test]
    public void CodingCliSidecarOfAnotherHarnessLeavesTheSidecarsAsTheServerSent()
    {
        var sidecars = Map(ForHarness("codex"), Options with { CodingCliSidecars = new Dictionary<string, string> { ["claude"] = "mine/claude:7" } }).Task!.Spec.Sidecars!;

        Assert.That(sidecars.Select(s => s.MountPath), Is.EqualTo(new[] { "/agent" }));
    }

    [TestCase("/agent")]
    [TestCase("/workspace")]
    [TestCase("/workspace/")]
    [TestCase("relative")]
    [TestCase("")]
    public void AdditionalSidecarWithAnUnusableMountPathMakesTheAssignmentInvalid(string mountPath)
    {
        var mapping = Map(Assignment() with { AdditionalSidecars = [new AdditionalSidecar { Image = "x:1", MountPath = mountPath }] });

        Assert.That(mapping.IsValid, Is.False);
    }

    [Test]
    public void NoSidecarImageAnywhereMakesTheAssignmentInvalid() =>
        Assert.That(Map(Assignment() with { SidecarImage = null }).Error, Does.Contain("sidecar"));

    [Test]
    public void EnvVarsGoOnlyIntoTheOwnedSecretReferencedByEnvFrom()
    {
        var mapping = Map(Assignment());
        var secret = mapping.Secret!;

        Assert.Multiple(() =>
        {
            Assert.That(secret.Metadata.Name, Is.EqualTo(mapping.Task!.Metadata.Name + "-env"));
            Assert.That(secret.Metadata.NamespaceProperty, Is.EqualTo("ns-1"));
            Assert.That(secret.Data.ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value)), Is.EqualTo(new Dictionary<string, string> { ["TOKEN"] = "s3cret", ["OTHER"] = "x" }));
            Assert.That(mapping.Task.Spec.EnvFrom!.Single().SecretRef.Name, Is.EqualTo(secret.Metadata.Name));
            Assert.That(mapping.Task.Spec.Env, Is.Null);
            Assert.That(JsonSerializer.Serialize(mapping.Task), Does.Not.Contain("s3cret"));
        });
    }

    [Test]
    public void EnvNamesThatCannotBeSecretKeysAreSkippedAndNamed()
    {
        var mapping = Map(Assignment() with { EnvVars = new Dictionary<string, string> { ["GOOD"] = "1", ["BAD NAME"] = "2", ["bad/slash"] = "3" } });

        Assert.Multiple(() =>
        {
            Assert.That(mapping.Secret!.Data.Keys, Is.EqualTo(new[] { "GOOD" }));
            Assert.That(mapping.SkippedEnvNames, Is.EquivalentTo(new[] { "BAD NAME", "bad/slash" }));
        });
    }

    [Test]
    public void ServerEnvVarsReplaceTheAgentDefaultsInTheProtocolsOrder()
    {
        var assignment = Assignment() with { EnvVars = new Dictionary<string, string> { ["GIT_TERMINAL_PROMPT"] = "1", ["WARP_SERVER_ROOT_URL"] = "https://other.test", ["OZ_RUN_ID"] = "server-says", ["TOKEN"] = "t" } };
        var task = Map(assignment).Task!;
        task.Metadata.Uid = "uid-1";

        var env = Oz.Operator.Tasks.JobBuilder.Build(task, Options).Spec.Template.Spec.Containers.Single(c => c.Name == "task").Env.ToDictionary(v => v.Name);

        Assert.Multiple(() =>
        {
            // The server's value (a reference to its Secret key) replaces the default...
            Assert.That(env["GIT_TERMINAL_PROMPT"].Value, Is.Null);
            Assert.That(env["GIT_TERMINAL_PROMPT"].ValueFrom.SecretKeyRef.Key, Is.EqualTo("GIT_TERMINAL_PROMPT"));
            Assert.That(env["WARP_SERVER_ROOT_URL"].ValueFrom.SecretKeyRef.Name, Is.EqualTo(task.Spec.EnvFrom!.Single().SecretRef.Name));
            // ...defaults the server leaves alone stay...
            Assert.That(env["GH_PROMPT_DISABLED"].Value, Is.EqualTo("1"));
            // ...and the operator's OZ_* variables come last and win.
            Assert.That(env["OZ_RUN_ID"].Value, Is.EqualTo("t-1"));
            // A server variable without a conflict comes through envFrom only.
            Assert.That(env.ContainsKey("TOKEN"), Is.False);
        });
    }

    [Test]
    public void TheOperatorsTaskEnvSettingWinsOverTheServersVariableAsTheReferencesEnvFlagDoes()
    {
        var options = Options with { Env = [new TaskEnvVar("TOKEN", "from-operator")] };
        var task = Map(Assignment() with { EnvVars = new Dictionary<string, string> { ["TOKEN"] = "from-server" } }, options).Task!;

        var env = Oz.Operator.Tasks.JobBuilder.Build(task, options).Spec.Template.Spec.Containers.Single(c => c.Name == "task").Env;

        Assert.That(env.Single(v => v.Name == "TOKEN").Value, Is.EqualTo("from-operator"));
    }

    [Test]
    public void NoEnvVarsMeansNoSecretAndNoEnvFrom()
    {
        var mapping = Map(Assignment() with { EnvVars = null });

        Assert.Multiple(() =>
        {
            Assert.That(mapping.Secret, Is.Null);
            Assert.That(mapping.Task!.Spec.EnvFrom, Is.Null);
        });
    }

    [Test]
    public void LabelsAndAnnotationsCarryBothIdsOnTaskAndSecret()
    {
        var mapping = Map(Assignment());

        foreach (var meta in new[] { mapping.Task!.Metadata, mapping.Secret!.Metadata })
        {
            Assert.Multiple(() =>
            {
                Assert.That(meta.Labels[TaskLabels.TaskId], Is.EqualTo("t-1"));
                Assert.That(meta.Labels[TaskLabels.ExecutionId], Is.EqualTo("e-1"));
                Assert.That(meta.Labels[TaskLabels.TaskIdHash], Is.EqualTo(KubernetesNames.LabelHash("t-1")));
                Assert.That(meta.Labels[TaskLabels.ExecutionIdHash], Is.EqualTo(KubernetesNames.LabelHash("e-1")));
                Assert.That(meta.Labels[TaskLabels.WorkerId], Is.EqualTo("worker-1"));
                Assert.That(meta.Annotations[TaskLabels.Annotations.TaskId], Is.EqualTo("t-1"));
                Assert.That(meta.Annotations[TaskLabels.Annotations.ExecutionId], Is.EqualTo("e-1"));
                Assert.That(meta.Labels.Values, Has.All.Matches<string>(v => LabelValue().IsMatch(v)));
            });
        }
    }

    [Test]
    public void MappingIsDeterministic()
    {
        var first = JsonSerializer.Serialize(Map(Assignment()).Task);
        var second = JsonSerializer.Serialize(Map(Assignment()).Task);

        Assert.That(second, Is.EqualTo(first));
    }

    [TestCase(2.0, 4.0, "2", "4Gi")]
    [TestCase(0.5, 1.5, "500m", "1536Mi")]
    [TestCase(0.1, 0.25, "100m", "256Mi")]
    [TestCase(1.25, 0.001, "1250m", "2Mi")]
    [TestCase(0.0, 8.0, null, "8Gi")]
    [TestCase(4.0, -1.0, "4", null)]
    public void InstanceShapeBecomesEqualRequestsAndLimits(double vcpus, double memoryGb, string? cpu, string? memory)
    {
        var resources = Map(Assignment() with { InstanceShape = new InstanceShape { Vcpus = vcpus, MemoryGb = memoryGb } }).Task!.Spec.Resources!;

        Assert.Multiple(() =>
        {
            Assert.That(resources.Requests.TryGetValue("cpu", out var c) ? c.ToString() : null, Is.EqualTo(cpu));
            Assert.That(resources.Requests.TryGetValue("memory", out var m) ? m.ToString() : null, Is.EqualTo(memory));
            Assert.That(resources.Limits.Keys, Is.EquivalentTo(resources.Requests.Keys));
            Assert.That(resources.Limits.Select(kv => kv.Value.ToString()), Is.EqualTo(resources.Requests.Select(kv => kv.Value.ToString())));
        });
    }

    [Test]
    public void NoInstanceShapeMeansNoResources() =>
        Assert.That(Map(Assignment() with { InstanceShape = null }).Task!.Spec.Resources, Is.Null);

    [Test]
    public void ZeroShapeMeansNoResources() =>
        Assert.That(Map(Assignment() with { InstanceShape = new InstanceShape { Vcpus = 0, MemoryGb = 0 } }).Task!.Spec.Resources, Is.Null);

    private static TaskAssignmentMapping Map(TaskAssignment assignment, OperatorOptions? options = null) =>
        TaskAssignmentMapper.Map(assignment, options ?? Options);

    private static TaskAssignment ForHarness(string harness) =>
        Assignment() with { Task = new OzTask { Id = "t-1", Title = "A title", AgentConfigSnapshot = new AgentConfigSnapshot { Harness = new HarnessConfig { Type = harness } } } };

    private static TaskAssignment Assignment() => new()
    {
        TaskId = "t-1",
        ExecutionId = "e-1",
        Task = new OzTask { Id = "t-1", Title = "A title" },
        DockerImage = "env:1",
        SidecarImage = "sidecar:1",
        EnvVars = new Dictionary<string, string> { ["TOKEN"] = "s3cret", ["OTHER"] = "x" },
        InstanceShape = new InstanceShape { Vcpus = 2, MemoryGb = 4 },
    };

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
