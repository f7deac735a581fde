namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobNamingTests
{
    private static readonly string LongName = new string('a', 200) + ".example";

    private static IEnumerable<TestCaseData> Names()
    {
        yield return new TestCaseData("fix-bug").SetName("SimpleName");
        yield return new TestCaseData("oz.task.v1").SetName("DotsInName");
        yield return new TestCaseData("UPPER_Case").SetName("UppercaseAndUnderscore");
        yield return new TestCaseData("-.-").SetName("NothingAlphanumeric");
        yield return new TestCaseData("").SetName("EmptyName");
        yield return new TestCaseData(LongName).SetName("LongerThan63");
        yield return new TestCaseData(new string('x', 253)).SetName("MaximalSubdomainLength");
        yield return new TestCaseData("a..b--c__d").SetName("RunsOfInvalidCharacters");
        yield return new TestCaseData(new string('a', 47) + "-" + new string('b', 20)).SetName("DashAtTruncationPoint");
    }

    [TestCaseSource(nameof(Names))]
    public void JobNameIsAValidDns1123LabelOfAtMost57Characters(string name)
    {
        var jobName = JobNaming.JobNameFor("agents", name);

        Assert.That(TaskFixtures.IsValidDns1123Label(jobName), Is.True, jobName);
        Assert.That(jobName, Has.Length.LessThanOrEqualTo(JobNaming.MaxLength));
    }

    [TestCaseSource(nameof(Names))]
    public void JobNameEndsWithTheHashSuffixEvenWhenTruncated(string name)
    {
        var jobName = JobNaming.JobNameFor("agents", name);

        Assert.That(jobName, Does.Match($"-[0-9a-f]{{{JobNaming.HashLength}}}$"));
    }

    [Test]
    public void JobNameIsTruncatedKeepingTheHashSuffix()
    {
        var jobName = JobNaming.JobNameFor("agents", LongName);

        Assert.That(jobName, Has.Length.EqualTo(JobNaming.MaxLength));
        Assert.That(jobName, Does.StartWith(new string('a', JobNaming.MaxLength - JobNaming.HashLength - 1) + "-"));
    }

    [Test]
    public void JobNameKeepsAReadableSanitisedPrefix()
    {
        Assert.That(JobNaming.JobNameFor("agents", "Oz.Task_Fix"), Does.Match("^oz-task-fix-[0-9a-f]{8}$"));
    }

    [Test]
    public void JobNameOfANameWithoutAlphanumericsHasAFallbackPrefix()
    {
        Assert.That(JobNaming.JobNameFor("agents", "..."), Does.Match("^agenttask-[0-9a-f]{8}$"));
    }

    [Test]
    public void SameTaskAlwaysGetsTheSameJobName()
    {
        var first = JobNaming.JobNameFor(TaskFixtures.Minimal("fix-bug", "agents"));
        var again = JobNaming.JobNameFor(TaskFixtures.Minimal("fix-bug", "agents"));

        Assert.That(again, Is.EqualTo(first));
    }

    [Test]
    public void JobNameIsStableAcrossVersionsAndProcesses()
    {
        // Pinned: a changed name would make a restarted operator create a second Job for a running task.
        Assert.That(JobNaming.JobNameFor("agents", "fix-bug"), Is.EqualTo("fix-bug-" + Sha256Prefix("agents/fix-bug")));
    }

    [Test]
    public void JobNameDoesNotDependOnTheUid()
    {
        var task = TaskFixtures.Minimal();
        var before = JobNaming.JobNameFor(task);
        task.Metadata.Uid = "another-uid";

        Assert.That(JobNaming.JobNameFor(task), Is.EqualTo(before));
    }

    [Test]
    public void DifferentTasksNeverShareAJobName()
    {
        string[] names =
        [
            "a.b", "a-b", "a_b", "A-B", "a--b", "a..b", "ab", LongName, LongName + "x", LongName.Replace('.', '-'),
            new string('a', 100) + "1", new string('a', 100) + "2", "", "-", ".",
        ];
        string[] namespaces = ["agents", "other", "agents2"];

        var jobNames = namespaces.SelectMany(ns => names.Select(name => JobNaming.JobNameFor(ns, name))).ToList();

        Assert.That(jobNames, Is.Unique);
    }

    private static string Sha256Prefix(string value) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..8];
}
