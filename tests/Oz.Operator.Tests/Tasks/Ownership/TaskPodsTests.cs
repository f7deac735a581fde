using Oz.Operator.Tasks.Ownership;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Ownership;

public sealed class TaskPodsTests
{
    [Test]
    public void TheNewestPodOfTheJobIsChosen()
    {
        var job = Job();
        var older = OwnedPod("older", job, T0);
        var newer = OwnedPod("newer", job, T0.AddSeconds(5));

        Assert.That(TaskPods.Select(job, [older, newer])?.Metadata.Name, Is.EqualTo("newer"));
    }

    [Test]
    public void PodsOfAnotherJobOrOfAnEarlierJobWithTheSameNameAreIgnored()
    {
        var job = Job();
        var other = OwnedPod("other", Job("other-job"), T0);
        var earlier = OwnedPod("earlier", job, T0);
        earlier.Metadata.OwnerReferences[0].Uid = "uid-of-an-earlier-job";

        Assert.That(TaskPods.Select(job, [other, earlier]), Is.Null);
    }

    private static V1Pod OwnedPod(string name, V1Job job, DateTime created) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Namespace,
            CreationTimestamp = created,
            OwnerReferences = [new V1OwnerReference { Kind = "Job", Name = job.Metadata.Name, Uid = job.Metadata.Uid, Controller = true }],
        },
    };
}
