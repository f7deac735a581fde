using Oz.Operator.Tasks.Status;

namespace Oz.Operator.Tests.Tasks.Status;

public sealed class StatusTextTests
{
    [Test]
    public void AShortTextIsKeptWhole() => Assert.That(StatusText.Head("hello", 10), Is.EqualTo("hello"));

    [Test]
    public void ALongTextIsCutToTheByteBudgetWithoutSplittingACharacter()
    {
        var cut = StatusText.Head(new string('é', 100), 51);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(cut), Is.LessThanOrEqualTo(51));
            Assert.That(cut, Does.EndWith("…"));
            Assert.That(cut.TrimEnd('…'), Is.EqualTo(new string('é', cut.Length - 1)));
        });
    }

    [Test]
    public void ALogTailKeepsTheLastWholeLinesWithinTheBudget()
    {
        var log = string.Join('\n', Enumerable.Range(1, 1000).Select(i => $"line {i}"));

        var tail = StatusText.Tail(log, 100);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(tail), Is.LessThanOrEqualTo(100));
            Assert.That(tail, Does.EndWith("line 1000"));
            Assert.That(tail, Does.StartWith("line "));
        });
    }

    [Test]
    public void AMessageWithALogTailStaysBounded()
    {
        var message = StatusText.WithLogTail(new string('m', 10_000), "task", new string('l', 100_000));

        Assert.That(Encoding.UTF8.GetByteCount(message), Is.LessThanOrEqualTo(StatusText.MaxMessageBytes));
    }

    [Test]
    public void AnEmptyLogAddsNothing() => Assert.That(StatusText.WithLogTail("failed", "task", "  \n"), Is.EqualTo("failed"));
}
