namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderJobSpecTests
{
    [Test]
    public void JobRunsOnceAndPodsNeverRestart()
    {
        var job = JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options());

        Assert.That(job.Spec.BackoffLimit, Is.Zero);
        Assert.That(job.Spec.Template.Spec.RestartPolicy, Is.EqualTo("Never"));
    }

    private static IEnumerable<TestCaseData> Deadlines()
    {
        // spec.activeDeadlineSeconds, options.ActiveDeadlineSeconds, expected
        yield return new TestCaseData(null, 28800L, 28800L).SetName("DeadlineDefaultsToTheOperatorsSetting");
        yield return new TestCaseData(600L, 28800L, 600L).SetName("DeadlineOfTheTaskWins");
        yield return new TestCaseData(null, 60L, 60L).SetName("DeadlineFollowsAConfiguredOperatorSetting");
    }

    [TestCaseSource(nameof(Deadlines))]
    public void ActiveDeadlineIsTheTasksElseTheOperators(long? taskDeadline, long operatorDeadline, long expected)
    {
        var task = TaskFixtures.FromOz();
        task.Spec.ActiveDeadlineSeconds = taskDeadline;

        var job = JobBuilder.Build(task, TaskFixtures.Options() with { ActiveDeadlineSeconds = operatorDeadline });

        Assert.That(job.Spec.ActiveDeadlineSeconds, Is.EqualTo(expected));
    }

    private static IEnumerable<TestCaseData> Ttls()
    {
        // cleanup, ttlSecondsAfterFinished, expected
        yield return new TestCaseData(true, 300, 300).SetName("TtlSetWhenCleanupIsOn");
        yield return new TestCaseData(false, 300, null).SetName("NoTtlWhenCleanupIsOff");
        yield return new TestCaseData(true, null, null).SetName("NoTtlWhenNoneConfigured");
        yield return new TestCaseData(false, null, null).SetName("NoTtlWhenNeitherIsSet");
    }

    [TestCaseSource(nameof(Ttls))]
    public void TtlAfterFinishedOnlyWhenCleanupIsOn(bool cleanup, int? ttl, int? expected)
    {
        var job = JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options() with { Cleanup = cleanup, TtlSecondsAfterFinished = ttl });

        Assert.That(job.Spec.TtlSecondsAfterFinished, Is.EqualTo(expected));
    }
}
