using Oz.Operator.Tasks.Ownership;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Ownership;

public sealed class TaskOwnerKeysTests
{
    private static readonly string LongName = "a-task-name-that-is-much-longer-than-sixty-three-characters-" + new string('x', 40);

    [Test]
    public void AJobMapsToItsControllingAgentTask()
    {
        var job = JobBuilder.Build(Task(LongName), new OperatorOptions());

        Assert.That(TaskOwnerKeys.ForJob(job), Is.EqualTo(new ObjectKey(Namespace, LongName)));
    }

    [Test]
    public void AJobWithoutOwnerReferenceMapsThroughTheExactNameAnnotation()
    {
        var task = Task(LongName);
        task.Metadata.Uid = null;
        var job = JobBuilder.Build(task, new OperatorOptions());

        Assert.That(TaskOwnerKeys.ForJob(job), Is.EqualTo(new ObjectKey(Namespace, LongName)));
    }

    [Test]
    public void AJobOwnedBySomethingElseMapsToNothing()
    {
        var job = Job();
        job.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "batch/v1", Kind = "CronJob", Name = "nightly", Controller = true }];

        Assert.That(TaskOwnerKeys.ForJob(job), Is.Null);
    }

    [Test]
    public void AnOwnerReferenceOfAnotherGroupsAgentTaskIsIgnored()
    {
        var job = Job();
        job.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "example.com/v1", Kind = AgentTask.KindName, Name = "x", Controller = true }];

        Assert.That(TaskOwnerKeys.ForJob(job), Is.Null);
    }

    [Test]
    public void APodMapsToItsTaskThroughTheAnnotationItInheritsFromTheTemplate()
    {
        var job = JobBuilder.Build(Task(LongName), new OperatorOptions());
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = Namespace, Annotations = job.Spec.Template.Metadata.Annotations } };

        Assert.That(TaskOwnerKeys.ForPod(pod, _ => null), Is.EqualTo(new ObjectKey(Namespace, LongName)));
    }

    [Test]
    public void APodWithoutAnnotationMapsThroughItsJob()
    {
        var job = JobBuilder.Build(Task("t9"), new OperatorOptions());
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "p",
                NamespaceProperty = Namespace,
                OwnerReferences = [new V1OwnerReference { Kind = "Job", Name = job.Metadata.Name, Controller = true }],
            },
        };

        var key = TaskOwnerKeys.ForPod(pod, k => k == ObjectKey.Of(job) ? job : null);

        Assert.That(key, Is.EqualTo(new ObjectKey(Namespace, "t9")));
    }

    [Test]
    public void AnUnrelatedPodMapsToNothing()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = Namespace } };

        Assert.That(TaskOwnerKeys.ForPod(pod, _ => null), Is.Null);
    }
}
