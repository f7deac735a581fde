namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderVolumeTests
{
    private static AgentTask WithSidecars()
    {
        var task = TaskFixtures.FromOz();
        task.Spec.Sidecars =
        [
            new AgentTaskSidecar { Image = "warpdotdev/oz-agent:1", MountPath = "/agent" },
            new AgentTaskSidecar { Image = "tools:2", MountPath = "/opt/tools", ReadWrite = true },
            new AgentTaskSidecar { Image = "data:3", MountPath = "/data", ReadWrite = false },
        ];
        return task;
    }

    [Test]
    public void WorkspaceIsAnEmptyDirMountedAtWorkspace()
    {
        var job = JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options());

        var volume = job.Spec.Template.Spec.Volumes.Single(v => v.Name == "workspace");
        Assert.That(volume.EmptyDir, Is.Not.Null);
        Assert.That(volume.EmptyDir.SizeLimit, Is.Null);
        Assert.That(TaskFixtures.TaskContainer(job).VolumeMounts.Single(m => m.Name == "workspace").MountPath, Is.EqualTo("/workspace"));
    }

    [Test]
    public void WorkspaceSizeLimitComesFromTheOptions()
    {
        var job = JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options() with { WorkspaceSizeLimit = "10Gi" });

        var volume = job.Spec.Template.Spec.Volumes.Single(v => v.Name == "workspace");
        Assert.That(volume.EmptyDir.SizeLimit, Is.EqualTo(new ResourceQuantity("10Gi")));
    }

    [Test]
    public void WorkspaceClaimMakesTheWorkspaceAGenericEphemeralVolume()
    {
        var options = TaskFixtures.Options() with { WorkspaceClaim = new WorkspaceClaimOptions { Size = "50Gi", StorageClassName = "fast-ssd", AccessMode = "ReadWriteOncePod" } };

        var pod = JobBuilder.Build(TaskFixtures.Minimal(), options).Spec.Template.Spec;

        var workspace = pod.Volumes.Single(v => v.Name == "workspace");
        var claim = workspace.Ephemeral.VolumeClaimTemplate.Spec;
        Assert.Multiple(() =>
        {
            Assert.That(workspace.EmptyDir, Is.Null);
            Assert.That(claim.AccessModes, Is.EqualTo(new[] { "ReadWriteOncePod" }));
            Assert.That(claim.StorageClassName, Is.EqualTo("fast-ssd"));
            Assert.That(claim.Resources.Requests["storage"].ToString(), Is.EqualTo("50Gi"));
            Assert.That(pod.Containers.Single(c => c.Name == "task").VolumeMounts.Single(m => m.Name == "workspace").MountPath, Is.EqualTo("/workspace"));
        });
    }

    [Test]
    public void WorkspaceClaimWithoutStorageClassLeavesItToTheClustersDefault()
    {
        var options = TaskFixtures.Options() with { WorkspaceClaim = new WorkspaceClaimOptions { Size = "10Gi" } };

        var claim = JobBuilder.Build(TaskFixtures.Minimal(), options).Spec.Template.Spec.Volumes.Single(v => v.Name == "workspace").Ephemeral.VolumeClaimTemplate.Spec;

        Assert.That((claim.StorageClassName, claim.AccessModes.Single()), Is.EqualTo(((string?)null, "ReadWriteOnce")));
    }

    [Test]
    public void InvalidWorkspaceSizeLimitIsAFormatException()
    {
        Assert.That(() => JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options() with { WorkspaceSizeLimit = "ten gigs" }), Throws.InstanceOf<FormatException>());
    }

    [Test]
    public void EachSidecarGetsAnEmptyDirFilledByARootCopyInitContainer()
    {
        var job = JobBuilder.Build(WithSidecars(), TaskFixtures.Options() with { ImagePullPolicy = "IfNotPresent" });
        var pod = job.Spec.Template.Spec;

        Assert.That(pod.InitContainers.Select(c => c.Name), Is.EqualTo(new[] { "copy-sidecar-0", "copy-sidecar-1", "copy-sidecar-2" }));
        string[] images = ["warpdotdev/oz-agent:1", "tools:2", "data:3"];
        for (var i = 0; i < 3; i++)
        {
            var copy = pod.InitContainers[i];
            Assert.That(pod.Volumes.Single(v => v.Name == $"sidecar-{i}").EmptyDir, Is.Not.Null);
            Assert.That(copy.Image, Is.EqualTo(images[i]));
            Assert.That(copy.ImagePullPolicy, Is.EqualTo("IfNotPresent"));
            Assert.That(copy.SecurityContext.RunAsUser, Is.Zero);
            Assert.That(copy.SecurityContext.RunAsNonRoot, Is.False);
            Assert.That(copy.Command, Is.EqualTo(new[] { "/bin/sh", "-c", SidecarCopyScript.Script, "copy-sidecar", "/.oz-sidecar-volume" }));
            Assert.That(copy.VolumeMounts.Single().Name, Is.EqualTo($"sidecar-{i}"));
            Assert.That(copy.VolumeMounts.Single().MountPath, Is.EqualTo("/.oz-sidecar-volume"));
        }
    }

    [Test]
    public void SidecarsAreMountedReadOnlyUnlessReadWrite()
    {
        var mounts = TaskFixtures.TaskContainer(JobBuilder.Build(WithSidecars(), TaskFixtures.Options())).VolumeMounts;

        Assert.That(mounts.Select(m => (m.Name, m.MountPath, m.ReadOnlyProperty)), Is.EquivalentTo(new (string, string, bool?)[]
        {
            ("workspace", "/workspace", null),
            ("sidecar-0", "/agent", true),
            ("sidecar-1", "/opt/tools", false),
            ("sidecar-2", "/data", true),
        }));
    }

    [Test]
    public void ImageVolumesReplaceCopiesOfReadOnlySidecars()
    {
        var job = JobBuilder.Build(WithSidecars(), TaskFixtures.Options() with { UseImageVolumes = true, ImagePullPolicy = "Always" });
        var pod = job.Spec.Template.Spec;

        var agent = pod.Volumes.Single(v => v.Name == "sidecar-0");
        Assert.That(agent.Image.Reference, Is.EqualTo("warpdotdev/oz-agent:1"));
        Assert.That(agent.Image.PullPolicy, Is.EqualTo("Always"));
        Assert.That(agent.EmptyDir, Is.Null);
        Assert.That(pod.Volumes.Single(v => v.Name == "sidecar-2").Image.Reference, Is.EqualTo("data:3"));
        Assert.That(pod.InitContainers.Select(c => c.Name), Does.Not.Contain("copy-sidecar-0").And.Not.Contain("copy-sidecar-2"));
    }

    [Test]
    public void ImageVolumesModeStillCopiesReadWriteSidecarsBecauseImageVolumesAreReadOnly()
    {
        var pod = JobBuilder.Build(WithSidecars(), TaskFixtures.Options() with { UseImageVolumes = true }).Spec.Template.Spec;

        Assert.That(pod.InitContainers.Select(c => c.Name), Is.EqualTo(new[] { "copy-sidecar-1" }));
        Assert.That(pod.Volumes.Single(v => v.Name == "sidecar-1").EmptyDir, Is.Not.Null);
    }

    [Test]
    public void TaskWithoutSidecarsHasOnlyTheWorkspace()
    {
        var pod = JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options()).Spec.Template.Spec;

        Assert.That(pod.Volumes.Select(v => v.Name), Is.EqualTo(new[] { "workspace" }));
        Assert.That(pod.InitContainers, Is.Empty);
    }
}
