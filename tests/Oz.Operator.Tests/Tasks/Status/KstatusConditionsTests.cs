using Oz.Operator.Tasks.Status;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.Status;

/// <summary>Every status the classifier produces reads right under kstatus's rules.</summary>
public sealed class KstatusConditionsTests
{
    private static readonly OperatorOptions Options = new() { MaxConcurrentTasks = 2, UnschedulableTimeout = TimeSpan.FromSeconds(30) };

    public static IEnumerable<TaskStatusClassifierTests.Case> Cases() => TaskStatusClassifierTests.Cases();

    [TestCaseSource(nameof(Cases))]
    public void KstatusReadsTheClassifiedStatus(TaskStatusClassifierTests.Case c)
    {
        var observation = c.Observe();
        observation.Task.Metadata.Generation = 3;
        var task = observation.Task;
        task.Status = TaskStatusClassifier.Classify(observation, Options).Status;

        var expected = task.Metadata.DeletionTimestamp is not null ? KstatusRules.Terminating : task.Status.Phase switch
        {
            AgentTaskPhase.Succeeded => KstatusRules.Current,
            AgentTaskPhase.Failed or AgentTaskPhase.Cancelled => KstatusRules.Failed,
            _ => KstatusRules.InProgress,
        };
        Assert.That(KstatusRules.Compute(Json(task)), Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Cases))]
    public void EveryConditionCarriesTheObservedGeneration(TaskStatusClassifierTests.Case c)
    {
        var observation = c.Observe();
        observation.Task.Metadata.Generation = 3;

        var status = TaskStatusClassifier.Classify(observation, Options).Status;

        Assert.Multiple(() =>
        {
            Assert.That(status.ObservedGeneration, Is.EqualTo(3));
            Assert.That(status.Conditions!.Select(x => x.ObservedGeneration), Is.All.EqualTo(3));
            Assert.That(status.Conditions!.Select(x => x.Type), Is.SupersetOf(new[] { ConditionTypes.Ready, ConditionTypes.Reconciling, ConditionTypes.Stalled }));
        });
    }

    public static IEnumerable<TestCaseData> Phases()
    {
        // phase, reason → Ready, Reconciling, Stalled, Ready's reason
        yield return new TestCaseData(AgentTaskPhase.Pending, null, "False", "True", "False", "Pending");
        yield return new TestCaseData(AgentTaskPhase.Queued, null, "False", "True", "False", "Queued");
        yield return new TestCaseData(AgentTaskPhase.Starting, null, "False", "True", "False", "Starting");
        yield return new TestCaseData(AgentTaskPhase.Running, null, "False", "True", "False", "Running");
        yield return new TestCaseData(AgentTaskPhase.Succeeded, null, "True", "False", "False", "Succeeded");
        yield return new TestCaseData(AgentTaskPhase.Failed, FailureReason.ContainerExit, "False", "False", "True", "ContainerExit");
        yield return new TestCaseData(AgentTaskPhase.Cancelled, FailureReason.Cancelled, "False", "False", "True", "Cancelled");
    }

    [TestCaseSource(nameof(Phases))]
    public void ConditionsFollowThePhase(AgentTaskPhase phase, FailureReason? reason, string ready, string reconciling, string stalled, string readyReason)
    {
        var conditions = KstatusConditions.For(phase, reason, "detail", 1).ToDictionary(x => x.Type);

        Assert.Multiple(() =>
        {
            Assert.That(conditions[ConditionTypes.Ready].Status, Is.EqualTo(ready));
            Assert.That(conditions[ConditionTypes.Ready].Reason, Is.EqualTo(readyReason));
            Assert.That(conditions[ConditionTypes.Reconciling].Status, Is.EqualTo(reconciling));
            Assert.That(conditions[ConditionTypes.Stalled].Status, Is.EqualTo(stalled));
        });
    }

    [Test]
    public void AStatusOfAnOlderGenerationIsInProgress()
    {
        var task = Task();
        task.Metadata.Generation = 2;
        task.Status = new AgentTaskStatus
        {
            Phase = AgentTaskPhase.Succeeded,
            ObservedGeneration = 1,
            Conditions = [.. KstatusConditions.For(AgentTaskPhase.Succeeded, null, "done", 1)],
        };

        Assert.That(KstatusRules.Compute(Json(task)), Is.EqualTo(KstatusRules.InProgress));
    }

    private static JsonNode Json(AgentTask task) => JsonNode.Parse(KubernetesJson.Serialize(task))!;
}
