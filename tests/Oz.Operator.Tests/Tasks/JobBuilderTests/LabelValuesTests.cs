namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class LabelValuesTests
{
    private static IEnumerable<TestCaseData> Inputs()
    {
        yield return new TestCaseData("abc123", "abc123").SetName("ValidValueIsKept");
        yield return new TestCaseData("Mixed.Case_value-1", "Mixed.Case_value-1").SetName("UppercaseDotsUnderscoresKept");
        yield return new TestCaseData("a b/c:d", "a-b-c-d").SetName("InvalidCharactersBecomeDashes");
        yield return new TestCaseData("--abc__", "abc").SetName("LeadingAndTrailingNonAlphanumericsTrimmed");
        yield return new TestCaseData("._-", "").SetName("NothingAlphanumericGivesEmpty");
        yield return new TestCaseData("", "").SetName("EmptyStaysEmpty");
        yield return new TestCaseData(null, "").SetName("NullGivesEmpty");
        yield return new TestCaseData(new string('x', 100), new string('x', 63)).SetName("LongValueTruncatedTo63");
        yield return new TestCaseData(new string('x', 62) + "-y", new string('x', 62)).SetName("TruncationEndingInDashIsTrimmed");
        yield return new TestCaseData("tâsk-é", "t-sk").SetName("NonAsciiBecomesDashes");
    }

    [TestCaseSource(nameof(Inputs))]
    public void SanitizeProducesTheExpectedValidLabelValue(string? input, string expected)
    {
        var value = KubernetesNames.LabelValue(input);

        Assert.That(value, Is.EqualTo(expected));
        Assert.That(TaskFixtures.IsValidLabelValue(value), Is.True);
    }

    [Test]
    public void SanitizeAlwaysYieldsAValidLabelValue()
    {
        var random = new Random(20261123);
        const string alphabet = "aZ09-_./ :é@";
        for (var i = 0; i < 2000; i++)
        {
            var input = new string([.. Enumerable.Range(0, random.Next(0, 120)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var value = KubernetesNames.LabelValue(input);
            Assert.That(TaskFixtures.IsValidLabelValue(value), Is.True, $"'{input}' gave '{value}'");
        }
    }

    [Test]
    public void HashIsTheLowercaseSha256PrefixOfTheExactValue()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("Task ID/1"u8.ToArray()))[..KubernetesNames.LabelHashLength];

        Assert.That(KubernetesNames.LabelHash("Task ID/1"), Is.EqualTo(expected));
        Assert.That(TaskFixtures.IsValidLabelValue(KubernetesNames.LabelHash("Task ID/1")), Is.True);
    }

    [Test]
    public void HashTellsApartValuesThatSanitiseAlike()
    {
        Assert.That(KubernetesNames.LabelValue("a/b"), Is.EqualTo(KubernetesNames.LabelValue("a:b")));
        Assert.That(KubernetesNames.LabelHash("a/b"), Is.Not.EqualTo(KubernetesNames.LabelHash("a:b")));
    }
}
