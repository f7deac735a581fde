using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.Hosting;

/// <summary>Shutdown has one budget shared by its steps, not a timeout per step.</summary>
public sealed class ShutdownDeadlineTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void StepsShareOneBudgetFromTheStart()
    {
        var time = new ManualClock(Start);
        var deadline = new ShutdownDeadline(TimeSpan.FromSeconds(4), time);

        time.Advance(TimeSpan.FromSeconds(10));
        var beforeStart = deadline.Remaining;
        deadline.Start();
        time.Advance(TimeSpan.FromSeconds(3));
        var afterThree = deadline.Remaining;
        deadline.Start();
        var restartKeepsTheFirst = deadline.Remaining;
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(beforeStart, Is.EqualTo(TimeSpan.FromSeconds(4)));
            Assert.That(afterThree, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(restartKeepsTheFirst, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(deadline.Remaining, Is.EqualTo(TimeSpan.Zero));
            Assert.That(deadline.Expired, Is.True);
        });
    }

    [Test]
    public async Task AStepStillRunningWhenTheBudgetIsSpentIsNotWaitedFor()
    {
        var time = new ManualClock(Start);
        var deadline = new ShutdownDeadline(TimeSpan.FromSeconds(4), time);
        deadline.Start();
        time.Advance(TimeSpan.FromSeconds(4));
        var never = new TaskCompletionSource().Task;

        Assert.That(await deadline.WaitAsync(never), Is.False);
    }

    [Test]
    public async Task AStepThatEndedCountsAsStoppedHoweverItEnded()
    {
        var deadline = new ShutdownDeadline(TimeSpan.FromSeconds(4), new ManualClock(Start));

        Assert.That(await deadline.WaitAsync(Task.FromCanceled(new CancellationToken(true))), Is.True);
        Assert.That(await deadline.WaitAsync(Task.FromException(new InvalidOperationException())), Is.True);
    }

    [Test]
    public async Task AStepThatEndsWithinTheBudgetIsWaitedFor()
    {
        var deadline = new ShutdownDeadline(TimeSpan.FromMinutes(5));
        var step = new TaskCompletionSource();

        var waiting = deadline.WaitAsync(step.Task);
        Assert.That(waiting.IsCompleted, Is.False);
        step.SetResult();

        Assert.That(await waiting, Is.True);
    }
}
