namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderMetadataTests
{
    private static IEnumerable<TestCaseData> LabelledObjects()
    {
        yield return new TestCaseData((Func<k8s.Models.V1Job, IDictionary<string, string>>)(job => job.Metadata.Labels)).SetName("JobLabels");
        yield return new TestCaseData((Func<k8s.Models.V1Job, IDictionary<string, string>>)(job => job.Spec.Template.Metadata.Labels)).SetName("PodLabels");
    }

    [TestCaseSource(nameof(LabelledObjects))]
    public void JobAndPodCarryManagedByNameAndIdentityLabels(Func<k8s.Models.V1Job, IDictionary<string, string>> labelsOf)
    {
        var task = TaskFixtures.FromOz();
        var labels = labelsOf(JobBuilder.Build(task, TaskFixtures.Options()));

        Assert.That(labels, Is.EquivalentTo(new Dictionary<string, string>
        {
            [TaskLabels.ManagedBy] = "oz-operator",
            [TaskLabels.Name] = "oz-agent-task",
            [TaskLabels.AgentTask] = "oz-task-abc123",
            [TaskLabels.AgentTaskHash] = KubernetesNames.LabelHash("oz-task-abc123"),
            [TaskLabels.WorkerId] = "worker-1",
            [TaskLabels.WorkerIdHash] = KubernetesNames.LabelHash("worker-1"),
            [TaskLabels.TaskId] = "abc123",
            [TaskLabels.TaskIdHash] = KubernetesNames.LabelHash("abc123"),
            [TaskLabels.ExecutionId] = "exec-1",
            [TaskLabels.ExecutionIdHash] = KubernetesNames.LabelHash("exec-1"),
        }));
    }

    [Test]
    public void ManagedBySelectorMatchesTheManagedByLabel()
    {
        Assert.That(TaskLabels.ManagedBySelector, Is.EqualTo("app.kubernetes.io/managed-by=oz-operator"));
    }

    [Test]
    public void IdentityLabelsAreSanitisedAndHashesAreOfTheExactValues()
    {
        var task = TaskFixtures.FromOz();
        task.Metadata.Name = new string('n', 80) + ".sub.domain";
        task.Spec.TaskId = "Task/ID with spaces";
        task.Spec.ExecutionId = "_exec:1_";
        var options = TaskFixtures.Options() with { WorkerId = "my worker" };

        var labels = JobBuilder.Build(task, options).Metadata.Labels;

        Assert.That(labels.Values.All(TaskFixtures.IsValidLabelValue), Is.True, string.Join(", ", labels.Values));
        Assert.That(labels[TaskLabels.AgentTask], Is.EqualTo(new string('n', 63)));
        Assert.That(labels[TaskLabels.AgentTaskHash], Is.EqualTo(KubernetesNames.LabelHash(task.Metadata.Name)));
        Assert.That(labels[TaskLabels.TaskId], Is.EqualTo("Task-ID-with-spaces"));
        Assert.That(labels[TaskLabels.TaskIdHash], Is.EqualTo(KubernetesNames.LabelHash("Task/ID with spaces")));
        Assert.That(labels[TaskLabels.ExecutionId], Is.EqualTo("exec-1"));
        Assert.That(labels[TaskLabels.ExecutionIdHash], Is.EqualTo(KubernetesNames.LabelHash("_exec:1_")));
        Assert.That(labels[TaskLabels.WorkerId], Is.EqualTo("my-worker"));
        Assert.That(labels[TaskLabels.WorkerIdHash], Is.EqualTo(KubernetesNames.LabelHash("my worker")));
    }

    [Test]
    public void AbsentIdentitiesGetNoLabels()
    {
        var options = TaskFixtures.Options() with { WorkerId = "" };

        var labels = JobBuilder.Build(TaskFixtures.Minimal(), options).Metadata.Labels;

        Assert.That(labels.Keys, Is.EquivalentTo(new[] { TaskLabels.ManagedBy, TaskLabels.Name, TaskLabels.AgentTask, TaskLabels.AgentTaskHash }));
    }

    [Test]
    public void ExtraLabelsAreAddedAndTheOperatorsOwnWinOnClashes()
    {
        var options = TaskFixtures.Options() with
        {
            ExtraLabels = new Dictionary<string, string>
            {
                ["team"] = "platform",
                [TaskLabels.ManagedBy] = "someone-else",
                [TaskLabels.TaskIdHash] = "forged",
            },
        };

        var job = JobBuilder.Build(TaskFixtures.FromOz(), options);

        foreach (var labels in new[] { job.Metadata.Labels, job.Spec.Template.Metadata.Labels })
        {
            Assert.That(labels["team"], Is.EqualTo("platform"));
            Assert.That(labels[TaskLabels.ManagedBy], Is.EqualTo("oz-operator"));
            Assert.That(labels[TaskLabels.TaskIdHash], Is.EqualTo(KubernetesNames.LabelHash("abc123")));
        }
    }

    [Test]
    public void AnnotationsHoldExtraAnnotationsAndTheExactIdentities()
    {
        var task = TaskFixtures.FromOz();
        task.Metadata.Name = new string('n', 80) + ".sub.domain";
        task.Spec.TaskId = "Task/ID with spaces";
        var options = TaskFixtures.Options() with
        {
            ExtraAnnotations = new Dictionary<string, string> { ["note"] = "hello", [TaskLabels.Annotations.TaskId] = "forged" },
        };

        var annotations = JobBuilder.Build(task, options).Metadata.Annotations;

        Assert.That(annotations, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["note"] = "hello",
            [TaskLabels.Annotations.AgentTask] = task.Metadata.Name,
            [TaskLabels.Annotations.WorkerId] = "worker-1",
            [TaskLabels.Annotations.TaskId] = "Task/ID with spaces",
            [TaskLabels.Annotations.ExecutionId] = "exec-1",
        }));
    }

    [Test]
    public void PodAnnotationsAddTheDefaultContainer()
    {
        var job = JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options());
        var podAnnotations = job.Spec.Template.Metadata.Annotations;

        Assert.That(podAnnotations[TaskLabels.Annotations.DefaultContainer], Is.EqualTo("task"));
        Assert.That(podAnnotations.Where(a => a.Key != TaskLabels.Annotations.DefaultContainer), Is.EquivalentTo(job.Metadata.Annotations));
    }

    [Test]
    public void JobIsNamedByJobNamingInTheTasksNamespace()
    {
        var task = TaskFixtures.FromOz();

        var job = JobBuilder.Build(task, TaskFixtures.Options() with { Namespace = "elsewhere" });

        Assert.That(job.Metadata.Name, Is.EqualTo(JobNaming.JobNameFor(task)));
        Assert.That(job.Metadata.NamespaceProperty, Is.EqualTo("agents"));
        Assert.That(job.ApiVersion, Is.EqualTo("batch/v1"));
        Assert.That(job.Kind, Is.EqualTo("Job"));
    }

    [Test]
    public void TaskWithoutNamespaceGetsTheOperatorsNamespace()
    {
        var task = TaskFixtures.Minimal();
        task.Metadata.NamespaceProperty = null;

        var job = JobBuilder.Build(task, TaskFixtures.Options() with { Namespace = "preflight-ns" });

        Assert.That(job.Metadata.NamespaceProperty, Is.EqualTo("preflight-ns"));
    }

    [Test]
    public void JobIsControlledByItsAgentTask()
    {
        var task = TaskFixtures.FromOz();

        var owner = JobBuilder.Build(task, TaskFixtures.Options()).Metadata.OwnerReferences.Single();

        Assert.That(owner.ApiVersion, Is.EqualTo("oz.warp.dev/v1alpha1"));
        Assert.That(owner.Kind, Is.EqualTo("AgentTask"));
        Assert.That(owner.Name, Is.EqualTo(task.Metadata.Name));
        Assert.That(owner.Uid, Is.EqualTo(task.Metadata.Uid));
        Assert.That(owner.Controller, Is.True);
        Assert.That(owner.BlockOwnerDeletion, Is.True);
    }

    [Test]
    public void TaskWithoutUidGetsNoOwnerReference()
    {
        var task = new AgentTask { Metadata = new() { Name = "preflight-probe", NamespaceProperty = "agents" } };

        var job = JobBuilder.Build(task, new OperatorOptions());

        Assert.That(job.Metadata.OwnerReferences, Is.Null.Or.Empty);
        Assert.That(TaskFixtures.TaskContainer(job).Image, Is.EqualTo("ubuntu:22.04"));
    }
}
