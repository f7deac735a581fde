namespace Oz.Operator.Tests.Kubernetes;

public sealed class StringPoolTests
{
    // Distinct instances of one value, as two decoded objects carry them.
    private static string Copy(string value) => new(value.AsSpan());

    [Test]
    public void EqualStringsComeBackAsOneInstance()
    {
        var pool = new StringPool();

        var first = pool.Intern(Copy("default"));
        var second = pool.Intern(Copy("default"));

        Assert.That(second, Is.SameAs(first));
        Assert.That(second, Is.EqualTo("default"));
    }

    [Test]
    public void NullEmptyAndLongStringsAreReturnedAsTheyAre()
    {
        var pool = new StringPool();
        var longValue = new string('x', StringPool.MaxLength + 1);

        Assert.That(pool.Intern(null), Is.Null);
        Assert.That(pool.Intern(Copy("")), Is.SameAs(string.Empty));
        Assert.That(pool.Intern(longValue), Is.SameAs(longValue));
        Assert.That(pool.Intern(Copy(longValue)), Is.Not.SameAs(longValue));
        Assert.That(pool.Count, Is.Zero);
    }

    [Test]
    public void APoolAtItsCapacityStartsOverInsteadOfGrowing()
    {
        var pool = new StringPool(capacity: 4);
        var kept = pool.Intern(Copy("kept"));

        for (var i = 0; i < 10; i++)
        {
            pool.Intern($"unique-{i}");
            Assert.That(pool.Count, Is.LessThanOrEqualTo(4));
        }

        var again = pool.Intern(Copy("kept"));
        Assert.That(again, Is.EqualTo(kept));
        Assert.That(pool.Intern(Copy("kept")), Is.SameAs(again));
    }
}
