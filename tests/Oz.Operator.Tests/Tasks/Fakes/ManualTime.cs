namespace Oz.Operator.Tests.Tasks.Fakes;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTime start) : TimeProvider
{
    public DateTime Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
}
