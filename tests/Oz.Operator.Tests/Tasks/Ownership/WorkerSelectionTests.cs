using Oz.Operator.Tasks.Ownership;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Ownership;

public sealed class WorkerSelectionTests
{
    private static readonly OperatorOptions Blue = new() { WorkerId = "blue" };

    private static IEnumerable<TestCaseData> Cases()
    {
        TestCaseData Case(Dictionary<string, string>? labels, bool acceptUnlabelled, bool owned, string because) =>
            new TestCaseData(labels, acceptUnlabelled, owned).SetName($"{because} (acceptUnlabelledTasks={acceptUnlabelled})");

        // Every task from Oz carries the exact hash of its worker's id.
        yield return Case(new() { [TaskLabels.WorkerIdHash] = KubernetesNames.LabelHash("blue") }, false, true, "the hash label of this worker");
        yield return Case(new() { [TaskLabels.WorkerIdHash] = KubernetesNames.LabelHash("green") }, true, false, "the hash label of another worker");

        // What a person writes on a task for one worker.
        yield return Case(new() { [TaskLabels.WorkerId] = "blue" }, false, true, "the worker-id label of this worker");
        yield return Case(new() { [TaskLabels.WorkerId] = "green" }, true, false, "the worker-id label of another worker");

        // The hash is exact; the readable label may be cut or sanitised, so the hash decides.
        yield return Case(new() { [TaskLabels.WorkerId] = "blue", [TaskLabels.WorkerIdHash] = KubernetesNames.LabelHash("green") }, true, false, "the hash label wins over the readable one");

        yield return Case(null, true, true, "no labels, unlabelled accepted");
        yield return Case(null, false, false, "no labels, unlabelled refused");
        yield return Case(new() { ["team"] = "platform" }, false, false, "only unrelated labels, unlabelled refused");
    }

    [TestCaseSource(nameof(Cases))]
    public void ATaskIsThisWorkersByItsWorkerLabelsOrTheUnlabelledSetting(Dictionary<string, string>? labels, bool acceptUnlabelled, bool owned)
    {
        var task = Task("t");
        task.Metadata.Labels = labels;

        Assert.That(WorkerSelection.Owns(task, Blue with { AcceptUnlabelledTasks = acceptUnlabelled }), Is.EqualTo(owned));
    }

    [Test]
    public void UnlabelledTasksAreAcceptedByDefault() =>
        Assert.That(new OperatorOptions().AcceptUnlabelledTasks, Is.True);

    [Test]
    public void TheJobSelectorMatchesTheLabelsTheJobBuilderPutsOnThisWorkersJobs()
    {
        var job = JobBuilder.Build(Task("t"), Blue);
        var selector = WorkerSelection.JobSelector("blue");

        var required = selector.Split(',').Select(term => term.Split('=')).ToList();

        Assert.Multiple(() =>
        {
            foreach (var term in required)
            {
                Assert.That(job.Metadata.Labels, Does.ContainKey(term[0]).WithValue(term[1]), "Job");
                Assert.That(job.Spec.Template.Metadata.Labels, Does.ContainKey(term[0]).WithValue(term[1]), "pod template");
            }

            Assert.That(selector, Does.Contain(KubernetesNames.LabelHash("blue")));
            Assert.That(selector, Does.Not.Contain(KubernetesNames.LabelHash("green")));
        });
    }
}
