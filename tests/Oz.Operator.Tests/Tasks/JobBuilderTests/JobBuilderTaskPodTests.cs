namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>The first-class taskPod keys land in the task pod and win over the same podTemplate field.</summary>
public sealed class JobBuilderTaskPodTests
{
    private static readonly TaskPodOptions Every = new()
    {
        ServiceAccountName = "oz-task",
        ImagePullSecrets = ["registry-a", "registry-b"],
        NodeSelector = new Dictionary<string, string> { ["pool"] = "agents" },
        Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Equal", Value = "oz", Effect = "NoSchedule" }],
        Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") }, Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("4Gi") } },
        TerminationGracePeriodSeconds = 45,
        RuntimeClassName = "gvisor",
    };

    private static V1PodSpec Build(TaskPodOptions taskPod, V1PodSpec? template = null) =>
        JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options() with { TaskPod = taskPod, PodTemplate = template }).Spec.Template.Spec;

    [Test]
    public void EveryTaskPodKeyIsRenderedIntoThePodSpec()
    {
        var pod = Build(Every);

        Assert.Multiple(() =>
        {
            Assert.That(pod.ServiceAccountName, Is.EqualTo("oz-task"));
            Assert.That(pod.ImagePullSecrets.Select(s => s.Name), Is.EqualTo(new[] { "registry-a", "registry-b" }));
            Assert.That(pod.NodeSelector, Is.EqualTo(new Dictionary<string, string> { ["pool"] = "agents" }));
            Assert.That(pod.Tolerations.Select(t => (t.Key, t.OperatorProperty, t.Value, t.Effect)), Is.EqualTo(new[] { ("dedicated", "Equal", "oz", "NoSchedule") }));
            Assert.That((pod.TerminationGracePeriodSeconds, pod.RuntimeClassName), Is.EqualTo(((long?)45, "gvisor")));
            var task = pod.Containers.Single(c => c.Name == "task");
            Assert.That((task.Resources.Requests["cpu"].ToString(), task.Resources.Limits["memory"].ToString()), Is.EqualTo(("1", "4Gi")));
        });
    }

    [Test]
    public void TaskPodKeysWinOverTheSamePodTemplateFieldsAndTheRestOfTheTemplateStays()
    {
        var template = new V1PodSpec
        {
            ServiceAccountName = "from-template",
            NodeSelector = new Dictionary<string, string> { ["zone"] = "a" },
            PriorityClassName = "batch",
            Containers = [new V1Container { Name = "task", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new("1Gi") } }, WorkingDir = "/ignored" }],
        };

        var pod = Build(new TaskPodOptions { ServiceAccountName = "oz-task", NodeSelector = new Dictionary<string, string> { ["pool"] = "agents" }, Resources = Every.Resources }, template);

        Assert.Multiple(() =>
        {
            Assert.That(pod.ServiceAccountName, Is.EqualTo("oz-task"));
            Assert.That(pod.NodeSelector, Is.EqualTo(new Dictionary<string, string> { ["pool"] = "agents" }));
            Assert.That(pod.PriorityClassName, Is.EqualTo("batch"));
            var task = pod.Containers.Single(c => c.Name == "task");
            Assert.That(task.Resources.Requests.Keys, Is.EqualTo(new[] { "cpu" }), "taskPod.resources replaces the template task container's resources");
        });
    }

    [Test]
    public void UnsetTaskPodKeysLeaveThePodTemplateAsItIs()
    {
        var template = new V1PodSpec { ServiceAccountName = "from-template", RuntimeClassName = "kata", Containers = [] };

        var pod = Build(new TaskPodOptions { TerminationGracePeriodSeconds = 5 }, template);

        Assert.That((pod.ServiceAccountName, pod.RuntimeClassName, pod.TerminationGracePeriodSeconds), Is.EqualTo(("from-template", "kata", (long?)5)));
    }

    [Test]
    public void TheTasksOwnResourcesStillWinPerResourceName()
    {
        var task = TaskFixtures.Minimal();
        task.Spec.Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") } };

        var pod = JobBuilder.Build(task, TaskFixtures.Options() with { TaskPod = Every }).Spec.Template.Spec;

        var resources = pod.Containers.Single(c => c.Name == "task").Resources;
        Assert.That((resources.Requests["cpu"].ToString(), resources.Limits["memory"].ToString()), Is.EqualTo(("2", "4Gi")));
    }

    [Test]
    public void TheConfiguredOptionsAreNotChangedByBuilding()
    {
        var template = new V1PodSpec { Containers = [new V1Container { Name = "task" }] };

        Build(Every, template);

        Assert.That(template.Containers.Single().Resources, Is.Null);
    }
}
