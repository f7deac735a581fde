using Oz.Operator.OzWorker.Mapping;

namespace Oz.Operator.Tests.Crds;

/// <summary>
/// Names stored in clusters by earlier versions must come out the same: a Job name that changed
/// would make the operator create a second Job for a running task, an AgentTask name that changed
/// a second AgentTask for one Oz execution. The expected values were produced by the sanitisers
/// these replaced (JobNaming's own, the Oz mapping's own, LabelValues).
/// </summary>
public sealed class KubernetesNamesStabilityTests
{
    private static IEnumerable<TestCaseData> JobNames()
    {
        yield return new TestCaseData("agents", "fix-bug", "fix-bug-c11801ac").SetName("JobNameOfASimpleName");
        yield return new TestCaseData("agents", "UPPER_Case", "upper-case-f01ffa8e").SetName("JobNameOfUppercaseAndUnderscore");
        yield return new TestCaseData("agents", "a..b--c__d", "a-b-c-d-ebfee2bf").SetName("JobNameCollapsesRunsOfInvalidCharacters");
        yield return new TestCaseData("agents", "-.-", "agenttask-704a37d2").SetName("JobNameOfNothingAlphanumeric");
        yield return new TestCaseData("team-a", new string('x', 100), new string('x', 48) + "-b1d30680").SetName("JobNameOfALongName");
        yield return new TestCaseData("agents", new string('a', 47) + "-" + new string('b', 20), new string('a', 47) + "-05bd471c").SetName("JobNameWithADashAtTheCut");
        yield return new TestCaseData("default", "Ünïcode task", "n-code-task-bbb6c6fe").SetName("JobNameOfNonAsciiCharacters");
    }

    private static IEnumerable<TestCaseData> AgentTaskNames()
    {
        yield return new TestCaseData("t-1", "e-1", "oz-t-1-e669b296a7").SetName("AgentTaskNameOfSimpleIds");
        yield return new TestCaseData("0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7", "oz-0f8fad5b-d9cb-469f-a165-70867728950e-390f8b377a").SetName("AgentTaskNameOfUuids");
        yield return new TestCaseData("UPPER_case/with:odd chars", "", "oz-upper-case-with-odd-chars-8c0cbd59cd").SetName("AgentTaskNameOfOddCharacters");
        yield return new TestCaseData("a__b", "e", "oz-a--b-ab64ed9ec9").SetName("AgentTaskNameKeepsOneDashPerInvalidCharacter");
        yield return new TestCaseData("----", "x", "oz-bd69e2f394").SetName("AgentTaskNameOfNothingAlphanumeric");
        yield return new TestCaseData(new string('a', 100), "e-1", "oz-" + new string('a', 49) + "-e2e45061a3").SetName("AgentTaskNameOfALongId");
    }

    private static IEnumerable<TestCaseData> LabelValues()
    {
        yield return new TestCaseData("with space/and:colon", "with-space-and-colon").SetName("LabelValueReplacesInvalidCharacters");
        yield return new TestCaseData("-leading.and.trailing_", "leading.and.trailing").SetName("LabelValueHasAlphanumericEnds");
        yield return new TestCaseData("Upper_Case.ok", "Upper_Case.ok").SetName("LabelValueKeepsCaseDotsAndUnderscores");
        yield return new TestCaseData("Ünï", "n").SetName("LabelValueOfNonAsciiCharacters");
        yield return new TestCaseData(new string('x', 62) + "-" + new string('y', 10), new string('x', 62)).SetName("LabelValueIsCutAt63");
    }

    [TestCaseSource(nameof(JobNames))]
    public void JobNameIsUnchanged(string @namespace, string name, string expected) =>
        Assert.That(JobNaming.JobNameFor(@namespace, name), Is.EqualTo(expected));

    [TestCaseSource(nameof(AgentTaskNames))]
    public void AgentTaskNameOfAnOzExecutionIsUnchanged(string taskId, string executionId, string expected) =>
        Assert.That(OzTaskNames.AgentTaskName(taskId, executionId), Is.EqualTo(expected));

    [TestCaseSource(nameof(LabelValues))]
    public void LabelValueIsUnchanged(string value, string expected) =>
        Assert.That(KubernetesNames.LabelValue(value), Is.EqualTo(expected));

    [TestCase("a/b", "c14cddc033f64b9dea80ea675cf280a0")]
    [TestCase("worker-1", "13029f9e83d15b3d437c2a7568fc1ca7")]
    public void LabelHashIsUnchanged(string value, string expected) =>
        Assert.That(KubernetesNames.LabelHash(value), Is.EqualTo(expected));
}
