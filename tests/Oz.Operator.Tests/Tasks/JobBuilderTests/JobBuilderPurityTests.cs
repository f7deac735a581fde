namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderPurityTests
{
    private static Oz.Operator.Configuration.OperatorOptions RichOptions() => TaskFixtures.Options() with
    {
        SetupCommand = "make deps",
        TeardownCommand = "make clean",
        WorkspaceSizeLimit = "5Gi",
        ExtraLabels = new Dictionary<string, string> { ["team"] = "platform" },
        ExtraAnnotations = new Dictionary<string, string> { ["note"] = "x" },
        PodTemplate = new V1PodSpec
        {
            RestartPolicy = "Always",
            InitContainers = [new V1Container { Name = "istio-init", Image = "istio" }],
            Volumes = [new V1Volume { Name = "cache", EmptyDir = new() }],
            Containers =
            [
                new V1Container
                {
                    Name = "task",
                    Env = [new V1EnvVar { Name = "HTTP_PROXY", Value = "http://proxy" }],
                    VolumeMounts = [new V1VolumeMount { Name = "cache", MountPath = "/cache" }],
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") } },
                },
                new V1Container { Name = "proxy", Image = "envoy" },
            ],
        },
    };

    [Test]
    public void BuildingNeverChangesTheTaskOrTheOptions()
    {
        var task = TaskFixtures.FromOz();
        var options = RichOptions();
        var taskBefore = KubernetesJson.Serialize(task);
        var templateBefore = KubernetesJson.Serialize(options.PodTemplate);

        _ = JobBuilder.Build(task, options);
        _ = JobBuilder.Build(task, options);

        Assert.That(KubernetesJson.Serialize(task), Is.EqualTo(taskBefore));
        Assert.That(KubernetesJson.Serialize(options.PodTemplate), Is.EqualTo(templateBefore));
        Assert.That(options.ExtraLabels.Keys, Is.EqualTo(new[] { "team" }));
        Assert.That(options.ExtraAnnotations.Keys, Is.EqualTo(new[] { "note" }));
    }

    [Test]
    public void ChangingTheBuiltJobNeverChangesTheTaskOrTheOptions()
    {
        var task = TaskFixtures.FromOz();
        var options = RichOptions();
        var taskBefore = KubernetesJson.Serialize(task);
        var templateBefore = KubernetesJson.Serialize(options.PodTemplate);

        var job = JobBuilder.Build(task, options);
        var pod = job.Spec.Template.Spec;
        foreach (var container in pod.Containers.Concat(pod.InitContainers))
        {
            foreach (var variable in container.Env ?? [])
            {
                variable.Value = "changed";
                if (variable.ValueFrom?.SecretKeyRef is { } reference)
                {
                    reference.Name = "changed";
                }
            }

            foreach (var source in container.EnvFrom ?? [])
            {
                source.SecretRef?.Name = "changed";
            }

            foreach (var mount in container.VolumeMounts ?? [])
            {
                mount.MountPath = "/changed";
            }

            container.Resources?.Requests?.Clear();
            container.Resources?.Limits?.Clear();
            container.Image = "changed";
        }

        foreach (var volume in pod.Volumes)
        {
            volume.Name = "changed";
        }

        pod.Containers.Clear();
        pod.InitContainers.Clear();
        job.Metadata.Labels.Clear();

        Assert.That(KubernetesJson.Serialize(task), Is.EqualTo(taskBefore));
        Assert.That(KubernetesJson.Serialize(options.PodTemplate), Is.EqualTo(templateBefore));
        Assert.That(options.ExtraLabels.Keys, Is.EqualTo(new[] { "team" }));
    }

    [Test]
    public void SameInputsGiveTheSameJob()
    {
        var first = KubernetesJson.Serialize(JobBuilder.Build(TaskFixtures.FromOz(), RichOptions()));
        var second = KubernetesJson.Serialize(JobBuilder.Build(TaskFixtures.FromOz(), RichOptions()));

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void TaskWithNullSpecAndMetadataStillBuildsAJob()
    {
        var task = new AgentTask { Metadata = null!, Spec = null! };

        var job = JobBuilder.Build(task, TaskFixtures.Options());

        Assert.That(job.Metadata.Name, Does.StartWith("agenttask-"));
        Assert.That(TaskFixtures.TaskContainer(job).Image, Is.EqualTo("ubuntu:22.04"));
        Assert.That(task.Spec, Is.Null);
    }
}
