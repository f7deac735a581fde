using Cronos;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Schedules;

/// <summary>
/// A schedule's cron expression read in its time zone (Cronos): when runs are due. The CRD's CEL
/// rules catch most mistakes at apply time; what they cannot (a day 31 in February only, a time
/// zone this process does not know) is found here and stalls the schedule.
/// </summary>
public sealed class CronSchedule
{
    /// <summary>More missed times than this are not made up for (as batch/v1 CronJob): a Warning Event says so.</summary>
    public const int MaxMissedTimes = 100;

    private readonly CronExpression cron;

    private CronSchedule(CronExpression cron, TimeZoneInfo zone)
    {
        this.cron = cron;
        Zone = zone;
    }

    /// <summary>The time zone the expression is read in (UTC when the schedule names none).</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>Parses the spec's schedule and time zone; on failure <paramref name="problem"/> says which and why.</summary>
    public static CronSchedule? TryParse(AgentTaskScheduleSpec spec, out ScheduleProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(spec);
        CronExpression cron;
        try
        {
            cron = CronExpression.Parse(spec.Schedule.Trim(), CronFormat.Standard);
        }
        catch (CronFormatException e)
        {
            problem = new ScheduleProblem(ScheduleProblem.InvalidSchedule, $"schedule \"{spec.Schedule}\" is not a cron expression: {e.Message}");
            return null;
        }

        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(spec.TimeZone))
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(spec.TimeZone);
            }
            catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                problem = new ScheduleProblem(ScheduleProblem.InvalidTimeZone, $"timeZone \"{spec.TimeZone}\" is not a time zone the operator knows: {e.Message}");
                return null;
            }
        }

        problem = null;
        return new CronSchedule(cron, zone);
    }

    /// <summary>The first due time strictly after <paramref name="after"/> (UTC), or null if there is none.</summary>
    public DateTime? Next(DateTime after) => cron.GetNextOccurrence(Utc(after), Zone, inclusive: false);

    /// <summary>
    /// The latest due time in (<paramref name="since"/>, <paramref name="now"/>], and how many due
    /// times that window holds (counting stops past <see cref="MaxMissedTimes"/>).
    /// </summary>
    public (DateTime? Latest, int Count) LatestDue(DateTime since, DateTime now)
    {
        DateTime? latest = null;
        var count = 0;
        for (var next = Next(since); next is { } due && due <= Utc(now); next = Next(due))
        {
            latest = due;
            if (count <= MaxMissedTimes)
            {
                count++;
            }
        }

        return (latest, count);
    }

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Utc ? time : DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc);
}
