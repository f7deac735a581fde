namespace Oz.Operator.Schedules;

/// <summary>Why a schedule cannot be run until its spec is fixed (the Stalled condition's reason).</summary>
/// <param name="Reason">InvalidSchedule or InvalidTimeZone.</param>
/// <param name="Message">What is wrong, for the condition and the Warning Event.</param>
public sealed record ScheduleProblem(string Reason, string Message)
{
    public const string InvalidSchedule = "InvalidSchedule";
    public const string InvalidTimeZone = "InvalidTimeZone";
}
