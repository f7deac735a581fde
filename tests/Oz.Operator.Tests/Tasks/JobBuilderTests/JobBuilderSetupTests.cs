namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderSetupTests
{
    private static IEnumerable<TestCaseData> NoSetupCommands()
    {
        yield return new TestCaseData(null).SetName("NoSetupWhenNotConfigured");
        yield return new TestCaseData("").SetName("NoSetupWhenEmpty");
        yield return new TestCaseData("   ").SetName("NoSetupWhenBlank");
    }

    [TestCaseSource(nameof(NoSetupCommands))]
    public void NoSetupContainerWithoutASetupCommand(string? command)
    {
        var pod = JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options() with { SetupCommand = command }).Spec.Template.Spec;

        Assert.That(pod.InitContainers.Select(c => c.Name), Does.Not.Contain("setup"));
    }

    [Test]
    public void SetupRunsTheCommandInTheTaskImageWithTheTasksEnvironmentAndMounts()
    {
        var options = TaskFixtures.Options() with { SetupCommand = "echo FOO=bar >> \"$OZ_ENVIRONMENT_FILE\"", ImagePullPolicy = "Always" };

        var pod = JobBuilder.Build(TaskFixtures.FromOz(), options).Spec.Template.Spec;
        var setup = pod.InitContainers.Single(c => c.Name == "setup");
        var task = pod.Containers.Single(c => c.Name == "task");

        Assert.That(setup.Image, Is.EqualTo("node:22"));
        Assert.That(setup.Command, Is.EqualTo(new[] { "/bin/sh", "-c", "echo FOO=bar >> \"$OZ_ENVIRONMENT_FILE\"" }));
        Assert.That(setup.Args, Is.Null);
        Assert.That(setup.WorkingDir, Is.EqualTo("/workspace"));
        Assert.That(setup.ImagePullPolicy, Is.EqualTo("Always"));
        Assert.That(Describe(setup.Env), Is.EqualTo(Describe(task.Env)));
        Assert.That(setup.Env.Single(e => e.Name == "OZ_ENVIRONMENT_FILE").Value, Is.EqualTo("/workspace/.oz-env"));
        Assert.That(setup.EnvFrom.Select(e => e.SecretRef?.Name), Is.EqualTo(task.EnvFrom.Select(e => e.SecretRef?.Name)));
        Assert.That(setup.VolumeMounts.Select(m => (m.Name, m.MountPath, m.ReadOnlyProperty)),
            Is.EqualTo(task.VolumeMounts.Select(m => (m.Name, m.MountPath, m.ReadOnlyProperty))));
    }

    [Test]
    public void SetupRunsAfterTheSidecarCopiesAndBeforeTheTemplatesInitContainers()
    {
        var task = TaskFixtures.FromOz();
        task.Spec.Sidecars!.Add(new() { Image = "tools:1", MountPath = "/tools" });
        var options = TaskFixtures.Options() with
        {
            SetupCommand = "make deps",
            PodTemplate = new V1PodSpec { InitContainers = [new V1Container { Name = "wait-for-proxy", Image = "busybox" }], Containers = [] },
        };

        var pod = JobBuilder.Build(task, options).Spec.Template.Spec;

        Assert.That(pod.InitContainers.Select(c => c.Name), Is.EqualTo(new[] { "copy-sidecar-0", "copy-sidecar-1", "setup", "wait-for-proxy" }));
    }

    [Test]
    public void SetupGetsTheMergedTaskContainersSecurityContextAndTemplateEnv()
    {
        var options = TaskFixtures.Options() with
        {
            SetupCommand = "make deps",
            PodTemplate = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = "task",
                        SecurityContext = new V1SecurityContext { RunAsUser = 1000 },
                        Env = [new V1EnvVar { Name = "HTTP_PROXY", Value = "http://proxy:3128" }],
                    },
                ],
            },
        };

        var setup = JobBuilder.Build(TaskFixtures.FromOz(), options).Spec.Template.Spec.InitContainers.Single(c => c.Name == "setup");

        Assert.That(setup.SecurityContext.RunAsUser, Is.EqualTo(1000));
        Assert.That(setup.Env.Single(e => e.Name == "HTTP_PROXY").Value, Is.EqualTo("http://proxy:3128"));
    }

    private static IEnumerable<string> Describe(IEnumerable<V1EnvVar> env) =>
        env.Select(e => $"{e.Name}={e.Value}|{e.ValueFrom?.SecretKeyRef?.Name}/{e.ValueFrom?.SecretKeyRef?.Key}");
}
