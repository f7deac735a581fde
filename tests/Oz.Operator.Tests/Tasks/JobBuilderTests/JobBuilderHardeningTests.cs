using Oz.Operator.Preflight;

namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderHardeningTests
{
    private static AgentTask WithSidecar()
    {
        var task = TaskFixtures.Minimal();
        task.Spec.Sidecars = [new AgentTaskSidecar { Image = "agent:1", MountPath = "/agent" }];
        return task;
    }

    private static OperatorOptions WithSetup() => TaskFixtures.Options() with { SetupCommand = "echo setup" };

    [Test]
    public void TheTaskAndSetupContainersDropEveryCapabilityAndCannotEscalate()
    {
        var pod = JobBuilder.Build(WithSidecar(), WithSetup()).Spec.Template.Spec;

        foreach (var container in pod.Containers.Concat(pod.InitContainers.Where(c => c.Name == TaskPodLayout.SetupContainer)))
        {
            Assert.That(container.SecurityContext.AllowPrivilegeEscalation, Is.False, container.Name);
            Assert.That(container.SecurityContext.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }), container.Name);
            Assert.That(container.SecurityContext.Capabilities.Add, Is.Null, container.Name);
        }
    }

    [Test]
    public void CopySidecarContainersRunAsRootWithOnlyTheCopyCapabilities()
    {
        var copy = JobBuilder.Build(WithSidecar(), TaskFixtures.Options()).Spec.Template.Spec.InitContainers.Single();

        Assert.Multiple(() =>
        {
            Assert.That(copy.SecurityContext.RunAsUser, Is.Zero);
            Assert.That(copy.SecurityContext.AllowPrivilegeEscalation, Is.False);
            Assert.That(copy.SecurityContext.Capabilities.Drop, Is.EqualTo(new[] { "ALL" }));
            Assert.That(copy.SecurityContext.Capabilities.Add, Is.EqualTo(new[] { "DAC_OVERRIDE" }));
        });
    }

    [Test]
    public void ThePodUsesRuntimeDefaultSeccompAndMountsNoServiceAccountToken()
    {
        var pod = JobBuilder.Build(WithSidecar(), TaskFixtures.Options()).Spec.Template.Spec;

        Assert.Multiple(() =>
        {
            Assert.That(pod.SecurityContext.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
            Assert.That(pod.AutomountServiceAccountToken, Is.False);
        });
    }

    [Test]
    public void ThePodTemplateOverridesTheDefaultsFieldByField()
    {
        var template = new V1PodSpec
        {
            AutomountServiceAccountToken = true,
            SecurityContext = new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = "Localhost", LocalhostProfile = "tasks.json" } },
            Containers =
            [
                new V1Container
                {
                    Name = TaskPodLayout.TaskContainer,
                    SecurityContext = new V1SecurityContext { Capabilities = new V1Capabilities { Drop = ["ALL"], Add = ["NET_BIND_SERVICE"] } },
                },
            ],
        };

        var pod = JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options() with { PodTemplate = template }).Spec.Template.Spec;
        var task = pod.Containers.Single(c => c.Name == TaskPodLayout.TaskContainer);

        Assert.Multiple(() =>
        {
            Assert.That(pod.AutomountServiceAccountToken, Is.True);
            Assert.That(pod.SecurityContext.SeccompProfile.Type, Is.EqualTo("Localhost"));
            Assert.That(task.SecurityContext.Capabilities.Add, Is.EqualTo(new[] { "NET_BIND_SERVICE" }));
            Assert.That(task.SecurityContext.AllowPrivilegeEscalation, Is.False);
        });
    }

    [Test]
    public void APrivilegedTemplateContainerKeepsKubernetesDefaultEscalation()
    {
        var template = new V1PodSpec { Containers = [new V1Container { Name = TaskPodLayout.TaskContainer, SecurityContext = new V1SecurityContext { Privileged = true } }] };

        var task = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options() with { PodTemplate = template }));

        Assert.That(task.SecurityContext.AllowPrivilegeEscalation, Is.Null);
    }

    [Test]
    public void ThePreflightJobsContainersAreHardenedToo()
    {
        var options = new OperatorOptions { Namespace = "agents" };
        foreach (var job in new[] { PreflightJobFactory.RunJob(options, "r1", TimeSpan.FromMinutes(1)), PreflightJobFactory.DryRunJob(options, "r1") })
        {
            var pod = job.Spec.Template.Spec;
            Assert.That(pod.Containers.Concat(pod.InitContainers).Select(c => c.SecurityContext?.AllowPrivilegeEscalation), Is.All.False);
            Assert.That(pod.SecurityContext.SeccompProfile.Type, Is.EqualTo("RuntimeDefault"));
        }
    }
}
