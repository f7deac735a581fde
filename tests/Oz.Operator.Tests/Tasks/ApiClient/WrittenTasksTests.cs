using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

public sealed class WrittenTasksTests
{
    [Test]
    public void ACacheStillShowingAVersionWeReplacedIsAnsweredWithOurNewerWrite()
    {
        var written = new WrittenTasks();
        var v1 = Version("1");
        var v2 = Version("2");
        var v3 = Version("3");
        written.Wrote(v1, v2);
        written.Wrote(v2, v3);

        Assert.Multiple(() =>
        {
            Assert.That(written.Freshest(Version("1")), Is.SameAs(v3));
            Assert.That(written.Freshest(Version("2")), Is.SameAs(v3));
        });
    }

    [Test]
    public void ACacheThatCaughtUpIsTakenAsItIs()
    {
        var written = new WrittenTasks();
        written.Wrote(Version("1"), Version("2"));
        var caughtUp = Version("2");

        Assert.That(written.Freshest(caughtUp), Is.SameAs(caughtUp));
    }

    [Test]
    public void AVersionSomeoneElseWroteIsTakenAsItIsAndEndsTheMemo()
    {
        var written = new WrittenTasks();
        written.Wrote(Version("1"), Version("2"));
        var theirs = Version("5");

        Assert.Multiple(() =>
        {
            Assert.That(written.Freshest(theirs), Is.SameAs(theirs));
            var old = Version("1");
            Assert.That(written.Freshest(old), Is.SameAs(old), "the memo is gone once the cache moved past it");
        });
    }

    private static AgentTask Version(string resourceVersion)
    {
        var task = Task();
        task.Metadata.ResourceVersion = resourceVersion;
        return task;
    }
}
