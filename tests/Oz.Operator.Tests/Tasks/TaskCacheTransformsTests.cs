using System.Buffers;
using Oz.Operator.Tasks.Ownership;
using Oz.Operator.Tasks.Status;
using Oz.Operator.Tests.Tasks.JobBuilderTests;
using Oz.Operator.Tests.Tasks.Status;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks;

/// <summary>The task informers' transforms keep every field the operator reads of a cached AgentTask, Job or pod.</summary>
public sealed class TaskCacheTransformsTests
{
    private static readonly OperatorOptions Options = new() { MaxConcurrentTasks = 2, UnschedulableTimeout = TimeSpan.FromSeconds(30) };

    private static string Json(object? value) => KubernetesJson.Serialize(value);

    private static TaskObservation Transformed(TaskObservation observation)
    {
        var pool = new StringPool();
        TaskCacheTransforms.AgentTask(observation.Task, pool);
        if (observation.Job is { } job)
        {
            TaskCacheTransforms.Job(job, pool);
        }

        if (observation.Pod is { } pod)
        {
            TaskCacheTransforms.Pod(pod, pool);
        }

        return observation;
    }

    private static V1Job BuiltJob()
    {
        var task = TaskFixtures.Minimal();
        task.Metadata.Uid = "uid-task";
        task.Spec.Sidecars = [new AgentTaskSidecar { Image = "agent:1", MountPath = "/agent" }];
        var job = JobBuilder.Build(task, TaskFixtures.Options() with { SetupCommand = "echo setup" });
        job.Metadata.Uid = "uid-job";
        job.Metadata.CreationTimestamp = T0;
        job.Metadata.ResourceVersion = "42";
        job.Status = new V1JobStatus { StartTime = T0, CompletionTime = T0.AddMinutes(1), Active = 0, Succeeded = 1, Conditions = [JobCondition("Complete", "Done", "finished")] };
        return job;
    }

    private static V1Pod PodOf(V1Job job)
    {
        var pod = Pod("Running").WithInit("setup", Terminated(0, "Completed")).WithTask(Running());
        pod.Metadata.Labels = new Dictionary<string, string>(job.Spec.Template.Metadata.Labels);
        pod.Metadata.Annotations = new Dictionary<string, string>(job.Spec.Template.Metadata.Annotations);
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, Controller = true }];
        pod.Spec = job.Spec.Template.Spec;
        pod.Spec.NodeName = "node-1";
        pod.Spec.InitContainers.Add(new V1Container { Name = "proxy", Image = "envoy", RestartPolicy = "Always" });
        return pod;
    }

    [TestCaseSource(typeof(TaskStatusClassifierTests), nameof(TaskStatusClassifierTests.Cases))]
    public void TheClassifierReadsTheSameFromTransformedObjects(TaskStatusClassifierTests.Case c)
    {
        var original = TaskStatusClassifier.Classify(c.Observe(), Options);
        var transformed = TaskStatusClassifier.Classify(Transformed(c.Observe()), Options);

        Assert.That(Json(transformed.Status), Is.EqualTo(Json(original.Status)));
        Assert.That(transformed with { Status = original.Status }, Is.EqualTo(original));
    }

    [Test]
    public void AJobKeepsItsMetadataDeadlineAndStatusAndDropsItsPodTemplate()
    {
        var original = BuiltJob();
        var job = BuiltJob();

        TaskCacheTransforms.Job(job, new StringPool());

        Assert.Multiple(() =>
        {
            Assert.That(Json(job.Metadata), Is.EqualTo(Json(original.Metadata)));
            Assert.That(Json(job.Status), Is.EqualTo(Json(original.Status)));
            Assert.That(job.Spec.ActiveDeadlineSeconds, Is.EqualTo(original.Spec.ActiveDeadlineSeconds).And.Not.Null);
            Assert.That(job.Spec.Template, Is.Null);
            Assert.That(TaskOwnerKeys.ForJob(job), Is.EqualTo(TaskOwnerKeys.ForJob(original)).And.Not.Null);
        });
    }

    [Test]
    public void APodKeepsItsMetadataStatusNodeAndContainerNamesAndDropsTheRestOfItsSpec()
    {
        var job = BuiltJob();
        var original = PodOf(BuiltJob());
        var pod = PodOf(BuiltJob());

        TaskCacheTransforms.Pod(pod, new StringPool());

        Assert.Multiple(() =>
        {
            Assert.That(Json(pod.Metadata), Is.EqualTo(Json(original.Metadata)));
            Assert.That(Json(pod.Status), Is.EqualTo(Json(original.Status)));
            Assert.That(pod.Spec.NodeName, Is.EqualTo("node-1"));
            Assert.That(pod.Spec.InitContainers.Select(i => (i.Name, i.RestartPolicy)), Is.EqualTo(original.Spec.InitContainers.Select(i => (i.Name, i.RestartPolicy))));
            Assert.That(pod.Spec.InitContainers, Has.Some.Matches<V1Container>(i => i.RestartPolicy == "Always"), "a native sidecar keeps its restart policy");
            Assert.That(PodFacts.IsNativeSidecar(pod, "proxy"), Is.True);
            Assert.That(pod.Spec.Containers.Select(i => i.Name), Is.EqualTo(original.Spec.Containers.Select(i => i.Name)));
            Assert.That(pod.Spec.Containers.Concat(pod.Spec.InitContainers).Select(i => (i.Image, i.Command, i.Env, i.VolumeMounts)), Is.All.EqualTo(((string?)null, (IList<string>?)null, (IList<V1EnvVar>?)null, (IList<V1VolumeMount>?)null)));
            Assert.That(pod.Spec.Volumes, Is.Null);
            Assert.That(TaskPods.Select(job, [pod]), Is.SameAs(pod));
            Assert.That(TaskOwnerKeys.ForPod(pod, _ => job), Is.EqualTo(TaskOwnerKeys.ForPod(original, _ => job)).And.Not.Null);
        });
    }

    [Test]
    public void AnAgentTaskIsKeptWhole()
    {
        AgentTask Finished()
        {
            var task = TaskFixtures.FromOz();
            task.Status = TaskStatusClassifier.Classify(See(BuiltJob()), Options).Status;
            return task;
        }

        var original = Finished();
        var task = Finished();

        TaskCacheTransforms.AgentTask(task, new StringPool());

        Assert.That(Json(task), Is.EqualTo(Json(original)));
    }

    [Test]
    public void RepeatingStringsOfTwoTasksAreOneInstance()
    {
        var pool = new StringPool();
        var tasks = new[] { Task("a"), Task("b") };
        foreach (var task in tasks)
        {
            task.Status = TaskStatusClassifier.Classify(new TaskObservation(task, T0) { Job = BuiltJob() }, Options).Status;
            TaskCacheTransforms.AgentTask(task, pool);
        }

        var (a, b) = (tasks[0].Status!.Conditions![0], tasks[1].Status!.Conditions![0]);
        Assert.That((b.Type, b.Status, b.Reason), Is.EqualTo((a.Type, a.Status, a.Reason)));
        Assert.That(b.Type, Is.SameAs(a.Type));
        Assert.That(b.Reason, Is.SameAs(a.Reason));
        Assert.That(tasks[1].Spec!.Image, Is.SameAs(tasks[0].Spec!.Image));
    }

    [Test]
    public void AJobDecodedFromAWatchWithoutItsTemplateIsCachedAsTheWholeJobIs()
    {
        var (full, subset) = DecodedBothWays(BuiltJob(), TaskCacheTransforms.JobDecoding);
        Assert.That(subset.Spec.Template, Is.Null, "the template is skipped while decoding");
        Assert.That(subset.Spec.ActiveDeadlineSeconds, Is.Not.Null);

        TaskCacheTransforms.Job(full, new StringPool());
        TaskCacheTransforms.Job(subset, new StringPool());

        Assert.That(Json(subset), Is.EqualTo(Json(full)));
    }

    [Test]
    public void APodDecodedFromAWatchWithoutMostOfItsSpecIsCachedAsTheWholePodIs()
    {
        var (full, subset) = DecodedBothWays(PodOf(BuiltJob()), TaskCacheTransforms.PodDecoding);
        Assert.That((subset.Spec.Volumes, subset.Spec.Containers[0].Env, subset.Spec.Containers[0].Command), Is.EqualTo(((IList<V1Volume>?)null, (IList<V1EnvVar>?)null, (IList<string>?)null)), "the rest of the spec is skipped while decoding");
        Assert.That(full.Spec.Volumes, Is.Not.Null.And.Not.Empty);

        TaskCacheTransforms.Pod(full, new StringPool());
        TaskCacheTransforms.Pod(subset, new StringPool());

        Assert.That(Json(subset), Is.EqualTo(Json(full)));
    }

    /// <summary>
    /// <paramref name="obj"/> (with managedFields, as the API server sends every object) as one watch line,
    /// decoded with the client's options and with <paramref name="subset"/>; managedFields dropped from
    /// both, as the informer does before its transform.
    /// </summary>
    private static (T Full, T Subset) DecodedBothWays<T>(T obj, JsonSerializerOptions subset)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        obj.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kube-controller-manager", Operation = "Update", FieldsType = "FieldsV1", FieldsV1 = new Dictionary<string, object> { ["f:status"] = new Dictionary<string, object>() } }];
        var line = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes($$"""{"type":"MODIFIED","object":{{Json(obj)}}}"""));
        var full = WatchEventLine.Decode<T>(line, ClientJson.Options).Object;
        var decoded = WatchEventLine.Decode<T>(line, subset).Object;
        Assert.That(full.Metadata.ManagedFields, Has.Count.EqualTo(1));
        Assert.That(decoded.Metadata.ManagedFields, Is.Null, "managedFields are skipped while decoding");
        full.Metadata.ManagedFields = null;
        return (full, decoded);
    }

    private static TaskObservation See(V1Job job) => new(Task(), T0.AddMinutes(1)) { Job = job };
}
