using Oz.Operator.OzWorker.Mapping;

namespace Oz.Operator.Tests.OzWorker;

public sealed partial class KubernetesNamesTests
{
    [TestCase("t-1", "e-1")]
    [TestCase("0f8fad5b-d9cb-469f-a165-70867728950e", "7c9e6679-7425-40de-944b-e07fc1f90ae7")]
    [TestCase("UPPER_case/with:odd chars", "")]
    [TestCase("----", "x")]
    [TestCase("", "")]
    [TestCase("a-very-long-task-id-that-goes-on-and-on-and-on-well-past-sixty-three-characters-total", "e")]
    public void AgentTaskNameIsAValidDns1123LabelOfAtMost63Characters(string taskId, string executionId)
    {
        var name = OzTaskNames.AgentTaskName(taskId, executionId);

        Assert.Multiple(() =>
        {
            Assert.That(name.Length, Is.LessThanOrEqualTo(63));
            Assert.That(name, Does.Match(Dns1123().ToString()));
            Assert.That(name, Does.StartWith("oz-"));
        });
    }

    [Test]
    public void LongNamesAreTruncatedKeepingTheHashSuffix()
    {
        var id = new string('a', 100);

        var first = OzTaskNames.AgentTaskName(id, "e-1");
        var second = OzTaskNames.AgentTaskName(id, "e-2");

        Assert.Multiple(() =>
        {
            Assert.That(first, Has.Length.EqualTo(63));
            Assert.That(first, Is.Not.EqualTo(second));
            Assert.That(first[..52], Is.EqualTo(second[..52]));
        });
    }

    [Test]
    public void EmptyExecutionIdNamesTheSameAgentTaskAsTheTaskId() =>
        Assert.That(OzTaskNames.AgentTaskName("t-1", ""), Is.EqualTo(OzTaskNames.AgentTaskName("t-1", "t-1")));

    [Test]
    public void IdsThatSanitiseAlikeGetDifferentNames() =>
        Assert.That(OzTaskNames.AgentTaskName("a/b", "e"), Is.Not.EqualTo(OzTaskNames.AgentTaskName("a:b", "e")));

    [Test]
    public void NameIsStable() =>
        Assert.That(OzTaskNames.AgentTaskName("t-1", "e-1"), Is.EqualTo(OzTaskNames.AgentTaskName("t-1", "e-1")));

    [TestCase("simple", "simple")]
    [TestCase("with space/and:colon", "with-space-and-colon")]
    [TestCase("-leading.and.trailing_", "leading.and.trailing")]
    [TestCase("Upper_Case.ok", "Upper_Case.ok")]
    [TestCase("", "")]
    public void LabelValueIsSanitised(string value, string expected) =>
        Assert.That(KubernetesNames.LabelValue(value), Is.EqualTo(expected));

    [Test]
    public void LabelValueIsAtMost63CharactersWithAlphanumericEnds()
    {
        var value = KubernetesNames.LabelValue(new string('x', 62) + "-" + new string('y', 10));

        Assert.Multiple(() =>
        {
            Assert.That(value.Length, Is.LessThanOrEqualTo(63));
            Assert.That(char.IsAsciiLetterOrDigit(value[^1]), Is.True);
        });
    }

    [Test]
    public void LabelHashIsAValidLabelValueThatDiffersForDifferentIds()
    {
        var a = KubernetesNames.LabelHash("a/b");
        var b = KubernetesNames.LabelHash("a:b");

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.Not.EqualTo(b));
            Assert.That(a, Does.Match("^[0-9a-f]{32}$"));
        });
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123();
}
