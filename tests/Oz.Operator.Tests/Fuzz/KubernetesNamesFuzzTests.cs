using Oz.Operator.OzWorker.Mapping;

namespace Oz.Operator.Tests.Fuzz;

/// <summary>
/// Names and label values derived from Oz ids and user-chosen names are always accepted by the
/// API server, whatever the input: DNS-1123 labels for names, label-value syntax for labels.
/// </summary>
public sealed partial class KubernetesNamesFuzzTests
{
    private static readonly string[] Seeds = ["t-1", "01HZX3K9Q7M2V8R5T6Y4W1N0PB", "My Task_42.v2", "UPPER-case--", new string('a', 300), "-.-"];

    [Test]
    public void AgentTaskNamesAreAlwaysDns1123Labels()
    {
        var tried = Fuzzer.Run(nameof(AgentTaskNamesAreAlwaysDns1123Labels), Id, taskId =>
        {
            var name = OzTaskNames.AgentTaskName(taskId, taskId.Length % 2 == 0 ? "" : "e-" + taskId);
            AssertDns1123Label(name, KubernetesNames.MaxLength, taskId);
        });

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public void JobNamesAreAlwaysDns1123LabelsThatLeaveRoomForThePodSuffix()
    {
        var tried = Fuzzer.Run(nameof(JobNamesAreAlwaysDns1123LabelsThatLeaveRoomForThePodSuffix), Id, name =>
            AssertDns1123Label(JobNaming.JobNameFor("ns", name), JobNaming.MaxLength, name));

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public void LabelValuesAndHashesAreAlwaysValidLabelValues()
    {
        var tried = Fuzzer.Run(nameof(LabelValuesAndHashesAreAlwaysValidLabelValues), Id, value =>
        {
            foreach (var label in new[] { KubernetesNames.LabelValue(value), KubernetesNames.LabelHash(value), KubernetesNames.LabelValue(value) })
            {
                Assert.That(label.Length, Is.LessThanOrEqualTo(63), value);
                Assert.That(LabelValue().IsMatch(label), Is.True, $"'{label}' from '{value}'");
            }
        });

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public void ALongTaskIdIsTruncatedToItsBeginningAndStillTellsExecutionsApart()
    {
        var taskId = "task-" + new string('x', 200);

        var first = OzTaskNames.AgentTaskName(taskId, "e-1");
        var second = OzTaskNames.AgentTaskName(taskId, "e-2");

        Assert.That(first, Has.Length.EqualTo(63).And.StartWith("oz-task-xxx"));
        Assert.That(second, Is.Not.EqualTo(first));
    }

    [Test]
    public void ATaskIdOfNothingButInvalidCharactersStillGetsAName() =>
        AssertDns1123Label(OzTaskNames.AgentTaskName("\ud800_.-İ", ""), 63, "\ud800_.-İ");

    private static string Id(Random random) =>
        random.Next(3) == 0 ? Fuzzer.Arbitrary(random, 300) : Fuzzer.Mutate(random, Seeds[random.Next(Seeds.Length)]);

    private static void AssertDns1123Label(string name, int maxLength, string from)
    {
        Assert.That(name.Length, Is.InRange(1, maxLength), from);
        Assert.That(Dns1123Label().IsMatch(name), Is.True, $"'{name}' from '{from}'");
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex(@"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\z")]
    private static partial Regex LabelValue();
}
