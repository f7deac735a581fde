using Oz.Operator.Preflight;

namespace Oz.Operator.Tests.Preflight;

public sealed class PreflightJobFactoryTests
{
    private static readonly Oz.Operator.Configuration.OperatorOptions Options = new()
    {
        WorkerId = "w",
        Namespace = "oz",
        PreflightImage = "registry.example/busybox:1.36",
        PodTemplate = new V1PodSpec { Containers = [], ImagePullSecrets = [new V1LocalObjectReference { Name = "regcred" }] },
    };

    [Test]
    public void TheRunJobsContainersWithoutResourcesGetThePreflightResourcesOfTheReference()
    {
        var job = PreflightJobFactory.RunJob(Options, "abc", TimeSpan.FromSeconds(90));

        var containers = job.Spec.Template.Spec.InitContainers.Concat(job.Spec.Template.Spec.Containers).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(containers, Is.Not.Empty);
            foreach (var container in containers)
            {
                Assert.That(container.Resources.Requests["cpu"].ToString(), Is.EqualTo("10m"), container.Name);
                Assert.That(container.Resources.Requests["memory"].ToString(), Is.EqualTo("16Mi"), container.Name);
                Assert.That(container.Resources.Limits["cpu"].ToString(), Is.EqualTo("100m"), container.Name);
                Assert.That(container.Resources.Limits["memory"].ToString(), Is.EqualTo("64Mi"), container.Name);
            }
        });
    }

    [Test]
    public void AContainerWithItsOwnResourcesKeepsThemInTheRunJob()
    {
        var options = Options with
        {
            PodTemplate = new V1PodSpec
            {
                Containers = [new V1Container { Name = TaskPodLayout.TaskContainer, Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") } } }],
            },
        };

        var job = PreflightJobFactory.RunJob(options, "abc", TimeSpan.FromSeconds(90));

        var task = job.Spec.Template.Spec.Containers.Single(c => c.Name == TaskPodLayout.TaskContainer);
        Assert.Multiple(() =>
        {
            Assert.That(task.Resources.Requests["cpu"].ToString(), Is.EqualTo("2"));
            Assert.That(task.Resources.Limits, Is.Null);
        });
    }

    [Test]
    public void WithoutPreflightResourcesTheRunJobAddsNone()
    {
        var job = PreflightJobFactory.RunJob(Options with { PreflightResources = null }, "abc", TimeSpan.FromSeconds(90));

        Assert.That(job.Spec.Template.Spec.Containers.Single(c => c.Name == TaskPodLayout.TaskContainer).Resources, Is.Null);
    }

    [Test]
    public void TheDryRunJobIsTheTaskJobWithARootCopySidecarInitContainer()
    {
        var job = PreflightJobFactory.DryRunJob(Options, "abc");

        var init = job.Spec.Template.Spec.InitContainers.Single(c => c.Name == TaskPodLayout.CopySidecarContainer(0));
        Assert.Multiple(() =>
        {
            Assert.That(init.Image, Is.EqualTo(Options.PreflightImage));
            Assert.That(job.Spec.Template.Spec.ImagePullSecrets.Select(s => s.Name), Is.EqualTo(new[] { "regcred" }));
            Assert.That(job.Metadata.NamespaceProperty, Is.EqualTo("oz"));
            Assert.That(job.Metadata.OwnerReferences, Is.Null);
        });
    }

    [Test]
    public void TheRunJobOnlyEchoesAndCarriesPreflightLabelsAndADeadline()
    {
        var job = PreflightJobFactory.RunJob(Options, "abc", TimeSpan.FromSeconds(90));

        var task = job.Spec.Template.Spec.Containers.Single(c => c.Name == TaskPodLayout.TaskContainer);
        Assert.Multiple(() =>
        {
            Assert.That(task.Command, Is.EqualTo(new[] { "/bin/sh", "-c", $"echo '{PreflightJobFactory.SuccessMessage}'" }));
            Assert.That(task.Args, Is.Null);
            Assert.That(job.Spec.ActiveDeadlineSeconds, Is.EqualTo(90 + PreflightJobFactory.DeadlineMarginSeconds));
            Assert.That(job.Metadata.Labels[PreflightLabels.Preflight], Is.EqualTo("abc"));
            Assert.That(job.Spec.Template.Metadata.Labels[TaskLabels.ManagedBy], Is.EqualTo(TaskLabels.ManagedByValue));
            Assert.That(job.Metadata.Labels, Does.Not.ContainKey(TaskLabels.AgentTask));
            Assert.That(job.Spec.Template.Spec.InitContainers.Select(c => c.Name), Does.Contain(TaskPodLayout.CopySidecarContainer(0)));
        });
    }

    [Test]
    public void TheRunJobKeepsTheTaskPodShapeButRunsNoneOfTheUsersCommands()
    {
        // The documented example: run in the preflight image (busybox, no git) it exits 127.
        var options = Options with { SetupCommand = "git config --global user.name oz", TeardownCommand = "curl -X POST https://hooks.example/done" };
        var taskJob = PreflightJobFactory.DryRunJob(options, "abc");

        var job = PreflightJobFactory.RunJob(options, "abc", TimeSpan.FromSeconds(90));

        var pod = job.Spec.Template.Spec;
        var commands = pod.InitContainers.Concat(pod.Containers).SelectMany(c => (c.Command ?? []).Concat(c.Args ?? [])).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(pod.InitContainers.Select(c => (c.Name, c.Image)), Is.EqualTo(taskJob.Spec.Template.Spec.InitContainers.Select(c => (c.Name, c.Image))));
            Assert.That(pod.Containers.Select(c => (c.Name, c.Image)), Is.EqualTo(taskJob.Spec.Template.Spec.Containers.Select(c => (c.Name, c.Image))));
            Assert.That(pod.InitContainers.Select(c => c.Name), Does.Contain(TaskPodLayout.SetupContainer));
            Assert.That(pod.InitContainers.Single(c => c.Name == TaskPodLayout.SetupContainer).VolumeMounts.Select(m => m.MountPath), Does.Contain("/agent"));
            Assert.That(commands, Has.None.Contains("git config"));
            Assert.That(commands, Has.None.Contains("hooks.example"));
            Assert.That(commands, Has.None.Contains(TaskPodLayout.SidecarCopyTarget), "the copy script does not run");
            Assert.That(pod.InitContainers.Concat(pod.Containers).Select(c => c.Command[0]), Has.All.EqualTo("/bin/sh"));
        });
    }

    [Test]
    public void APodTemplatesOwnInitContainerRunsAsWritten()
    {
        var own = new V1Container { Name = "wait-for-proxy", Image = "proxy:1", Command = ["/wait"] };
        var options = Options with { PodTemplate = new V1PodSpec { Containers = [], InitContainers = [own] } };

        var job = PreflightJobFactory.RunJob(options, "abc", TimeSpan.FromSeconds(90));

        Assert.That(job.Spec.Template.Spec.InitContainers.Single(c => c.Name == "wait-for-proxy").Command, Is.EqualTo(new[] { "/wait" }));
    }

    [Test]
    public void EachRunHasItsOwnJobName() =>
        Assert.That(PreflightJobFactory.RunJob(Options, "abc", TimeSpan.FromMinutes(1)).Metadata.Name,
            Is.Not.EqualTo(PreflightJobFactory.RunJob(Options, "abd", TimeSpan.FromMinutes(1)).Metadata.Name));
}
