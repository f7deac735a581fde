namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderPodTemplateTests
{
    private static V1PodSpec BuildWith(V1PodSpec? template, Func<Oz.Operator.Configuration.OperatorOptions, Oz.Operator.Configuration.OperatorOptions>? tweak = null)
    {
        var options = TaskFixtures.Options() with { PodTemplate = template };
        return JobBuilder.Build(TaskFixtures.FromOz(), tweak is null ? options : tweak(options)).Spec.Template.Spec;
    }

    private static V1PodSpec TemplateWithTask(V1Container task) => new() { Containers = [task] };

    [Test]
    public void WithoutATemplateThePodHasOnlyTheOperatorsParts()
    {
        var pod = BuildWith(null);

        Assert.That(pod.Containers.Select(c => c.Name), Is.EqualTo(new[] { "task" }));
        Assert.That(pod.InitContainers.Select(c => c.Name), Is.EqualTo(new[] { "copy-sidecar-0" }));
        Assert.That(pod.Volumes.Select(v => v.Name), Is.EqualTo(new[] { "workspace", "sidecar-0" }));
    }

    [TestCase("Always")]
    [TestCase("OnFailure")]
    public void TemplateRestartPolicyIsOverriddenToNever(string policy)
    {
        Assert.That(BuildWith(new V1PodSpec { RestartPolicy = policy, Containers = [] }).RestartPolicy, Is.EqualTo("Never"));
    }

    [Test]
    public void PodLevelTemplateFieldsAreKept()
    {
        var template = new V1PodSpec
        {
            Containers = [],
            ServiceAccountName = "oz-tasks",
            NodeSelector = new Dictionary<string, string> { ["pool"] = "agents" },
            Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists" }],
            ImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }],
            SecurityContext = new V1PodSecurityContext { FsGroup = 1000 },
        };

        var pod = BuildWith(template);

        Assert.That(pod.ServiceAccountName, Is.EqualTo("oz-tasks"));
        Assert.That(pod.NodeSelector["pool"], Is.EqualTo("agents"));
        Assert.That(pod.Tolerations.Single().Key, Is.EqualTo("dedicated"));
        Assert.That(pod.ImagePullSecrets.Single().Name, Is.EqualTo("registry"));
        Assert.That(pod.SecurityContext.FsGroup, Is.EqualTo(1000));
    }

    [Test]
    public void OperatorInitContainersRunBeforeTheTemplates()
    {
        var template = new V1PodSpec { Containers = [], InitContainers = [new V1Container { Name = "istio-init", Image = "istio" }] };

        Assert.That(BuildWith(template).InitContainers.Select(c => c.Name), Is.EqualTo(new[] { "copy-sidecar-0", "istio-init" }));
    }

    [Test]
    public void OperatorInitContainerWinsOverATemplateInitContainerOfTheSameName()
    {
        var template = new V1PodSpec { Containers = [], InitContainers = [new V1Container { Name = "setup", Image = "impostor" }] };

        var setup = BuildWith(template, o => o with { SetupCommand = "true" }).InitContainers.Single(c => c.Name == "setup");

        Assert.That(setup.Image, Is.EqualTo("node:22"));
    }

    [Test]
    public void OperatorVolumesAreAppendedAfterTheTemplates()
    {
        var template = new V1PodSpec { Containers = [], Volumes = [new V1Volume { Name = "cache", EmptyDir = new() }] };

        Assert.That(BuildWith(template).Volumes.Select(v => v.Name), Is.EqualTo(new[] { "cache", "workspace", "sidecar-0" }));
    }

    [Test]
    public void OperatorVolumeWinsOverATemplateVolumeOfTheSameName()
    {
        var template = new V1PodSpec { Containers = [], Volumes = [new V1Volume { Name = "workspace", HostPath = new V1HostPathVolumeSource { Path = "/tmp" } }] };

        var workspace = BuildWith(template).Volumes.Single(v => v.Name == "workspace");

        Assert.That(workspace.HostPath, Is.Null);
        Assert.That(workspace.EmptyDir, Is.Not.Null);
    }

    [Test]
    public void TemplateTaskContainerIsMergedNotReplaced()
    {
        var template = TemplateWithTask(new V1Container
        {
            Name = "task",
            SecurityContext = new V1SecurityContext { RunAsNonRoot = true, AllowPrivilegeEscalation = false },
            Ports = [new V1ContainerPort { ContainerPort = 8080 }],
            ReadinessProbe = new V1Probe { Exec = new V1ExecAction { Command = ["true"] } },
            Lifecycle = new V1Lifecycle { PreStop = new V1LifecycleHandler { Exec = new V1ExecAction { Command = ["sync"] } } },
        });

        var pod = BuildWith(template);
        var task = pod.Containers.Single();

        Assert.That(task.SecurityContext.RunAsNonRoot, Is.True);
        Assert.That(task.SecurityContext.AllowPrivilegeEscalation, Is.False);
        Assert.That(task.Ports.Single().ContainerPort, Is.EqualTo(8080));
        Assert.That(task.ReadinessProbe.Exec.Command, Is.EqualTo(new[] { "true" }));
        Assert.That(task.Lifecycle.PreStop.Exec.Command, Is.EqualTo(new[] { "sync" }));
    }

    [Test]
    public void OperatorSetsImageCommandArgsAndWorkingDirOfTheMergedTaskContainer()
    {
        var template = TemplateWithTask(new V1Container
        {
            Name = "task",
            Image = "template-image",
            Command = ["sleep"],
            Args = ["infinity"],
            WorkingDir = "/home",
        });

        var task = BuildWith(template).Containers.Single();

        Assert.That(task.Image, Is.EqualTo("node:22"));
        Assert.That(task.Command.Take(2), Is.EqualTo(new[] { "/bin/sh", "-c" }));
        Assert.That(task.Args, Is.Null);
        Assert.That(task.WorkingDir, Is.EqualTo("/workspace"));
    }

    private static IEnumerable<TestCaseData> PullPolicyCases()
    {
        // template's policy, options' policy, expected
        yield return new TestCaseData("Never", "Always", "Never").SetName("TemplatePullPolicyIsKept");
        yield return new TestCaseData(null, "Always", "Always").SetName("OptionsPullPolicyWhenTemplateHasNone");
        yield return new TestCaseData(null, null, null).SetName("NoPullPolicyWhenNeitherSetsOne");
    }

    [TestCaseSource(nameof(PullPolicyCases))]
    public void TemplateKeepsItsImagePullPolicy(string? templatePolicy, string? optionsPolicy, string? expected)
    {
        var template = TemplateWithTask(new V1Container { Name = "task", ImagePullPolicy = templatePolicy });

        var task = BuildWith(template, o => o with { ImagePullPolicy = optionsPolicy }).Containers.Single();

        Assert.That(task.ImagePullPolicy, Is.EqualTo(expected));
    }

    [Test]
    public void TemplateEnvIsKeptTheOperatorWinsOnClashesAndAllIsSorted()
    {
        var template = TemplateWithTask(new V1Container
        {
            Name = "task",
            Env =
            [
                new V1EnvVar { Name = "ZZ_PROXY", Value = "http://proxy" },
                new V1EnvVar { Name = "OZ_RUN_ID", Value = "forged" },
                new V1EnvVar { Name = "PLAIN", Value = "from-template" },
                new V1EnvVar { Name = "AA_FIRST", Value = "1" },
            ],
        });

        var env = BuildWith(template).Containers.Single().Env;

        Assert.That(env.Select(e => e.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(env.Select(e => e.Name), Is.Unique);
        Assert.That(env.Single(e => e.Name == "ZZ_PROXY").Value, Is.EqualTo("http://proxy"));
        Assert.That(env.Single(e => e.Name == "AA_FIRST").Value, Is.EqualTo("1"));
        Assert.That(env.Single(e => e.Name == "OZ_RUN_ID").Value, Is.EqualTo("abc123"));
        Assert.That(env.Single(e => e.Name == "PLAIN").Value, Is.EqualTo("visible"));
    }

    [Test]
    public void TemplateEnvFromComesBeforeTheTasksSoTheTasksWins()
    {
        var template = TemplateWithTask(new V1Container
        {
            Name = "task",
            EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "proxy-settings" } }],
        });

        var envFrom = BuildWith(template).Containers.Single().EnvFrom;

        Assert.That(envFrom.Select(e => e.ConfigMapRef?.Name ?? e.SecretRef?.Name), Is.EqualTo(new[] { "proxy-settings", "oz-task-abc123-env" }));
    }

    private static IEnumerable<TestCaseData> MountCases()
    {
        yield return new TestCaseData(new V1VolumeMount { Name = "cache", MountPath = "/cache" }, true).SetName("TemplateMountIsKept");
        yield return new TestCaseData(new V1VolumeMount { Name = "workspace", MountPath = "/elsewhere" }, false).SetName("TemplateMountOfAnOperatorVolumeIsDropped");
        yield return new TestCaseData(new V1VolumeMount { Name = "cache", MountPath = "/workspace" }, false).SetName("TemplateMountAtAnOperatorPathIsDropped");
        yield return new TestCaseData(new V1VolumeMount { Name = "cache", MountPath = "/agent" }, false).SetName("TemplateMountAtASidecarPathIsDropped");
    }

    [TestCaseSource(nameof(MountCases))]
    public void TemplateMountsAreKeptUnlessTheyClashWithTheOperators(V1VolumeMount templateMount, bool kept)
    {
        var template = TemplateWithTask(new V1Container { Name = "task", VolumeMounts = [templateMount] });
        template.Volumes = [new V1Volume { Name = "cache", EmptyDir = new() }];

        var mounts = BuildWith(template).Containers.Single().VolumeMounts;

        Assert.That(mounts.Any(m => m.Name == templateMount.Name && m.MountPath == templateMount.MountPath), Is.EqualTo(kept));
        Assert.That(mounts.Single(m => m.Name == "workspace").MountPath, Is.EqualTo("/workspace"));
        Assert.That(mounts.Single(m => m.Name == "sidecar-0").MountPath, Is.EqualTo("/agent"));
        Assert.That(mounts.Select(m => m.MountPath), Is.Unique);
    }

    [Test]
    public void ResourcesAreMergedPerResourceNameWithTheTasksValuesWinning()
    {
        var template = TemplateWithTask(new V1Container
        {
            Name = "task",
            Resources = new V1ResourceRequirements
            {
                Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["ephemeral-storage"] = new("1Gi") },
                Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi"), ["nvidia.com/gpu"] = new("1") },
            },
        });

        var resources = BuildWith(template).Containers.Single().Resources;

        Assert.That(resources.Requests, Is.EquivalentTo(new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("2"),
            ["memory"] = new("4Gi"),
            ["ephemeral-storage"] = new("1Gi"),
        }));
        Assert.That(resources.Limits, Is.EquivalentTo(new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("2"),
            ["memory"] = new("4Gi"),
            ["nvidia.com/gpu"] = new("1"),
        }));
    }

    [Test]
    public void TemplateResourcesStayWhenTheTaskHasNone()
    {
        var template = TemplateWithTask(new V1Container
        {
            Name = "task",
            Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") } },
        });
        var options = TaskFixtures.Options() with { PodTemplate = template };

        var resources = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.Minimal(), options)).Resources;

        Assert.That(resources.Requests["cpu"], Is.EqualTo(new ResourceQuantity("100m")));
    }

    [Test]
    public void OtherTemplateContainersAreKeptAsTheyAreAfterTheTaskContainer()
    {
        var proxy = new V1Container { Name = "proxy", Image = "envoy:1", Args = ["--config", "/etc/envoy.yaml"] };
        var template = new V1PodSpec { Containers = [proxy, new V1Container { Name = "task", Image = "ignored" }] };

        var pod = BuildWith(template);

        Assert.That(pod.Containers.Select(c => c.Name), Is.EqualTo(new[] { "task", "proxy" }));
        Assert.That(pod.Containers[1].Image, Is.EqualTo("envoy:1"));
        Assert.That(pod.Containers[1].Args, Is.EqualTo(new[] { "--config", "/etc/envoy.yaml" }));
        Assert.That(pod.Containers[1].Env, Is.Null);
    }
}
