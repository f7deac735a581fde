using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Oz.Crds.Schema;

namespace Oz.Crds.V1Alpha1;

/// <summary>When to run, what to do with overlapping runs, how many finished runs to keep, and what each run is.</summary>
[Description("When to run, what to do with overlapping runs, how many finished runs to keep, and what each run is.")]
public sealed class AgentTaskScheduleSpec
{
    /// <summary>Five cron fields, or one of the macros batch/v1 CronJob accepts. Cron's own characters only: no TZ= prefix.</summary>
    public const string CronRule =
        "self.matches('^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[0-9A-Za-z*,/?#-]+( +[0-9A-Za-z*,/?#-]+){4})$')";

    /// <summary>An IANA time zone name such as Etc/UTC or America/New_York.</summary>
    public const string TimeZoneRule = "self.matches('^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$')";

    public const int DefaultSuccessfulRunsHistoryLimit = 3;

    public const int DefaultFailedRunsHistoryLimit = 1;

    [JsonPropertyName("schedule")]
    [Description("When runs are due, in cron syntax: five fields (minute hour day-of-month month day-of-week), e.g. "
        + "\"0 6 * * 1-5\", or a macro (@yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly). Set the "
        + "time zone with timeZone, not with a TZ= prefix.")]
    [Required]
    [MaxLength(256)]
    [ValidationRule(CronRule,
        "schedule must be five cron fields (minute hour day-of-month month day-of-week) or one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly; set the time zone with timeZone",
        Reason = "FieldValueInvalid")]
    [PrinterColumn("Schedule", 0)]
    public string Schedule { get; set; } = "";

    [JsonPropertyName("timeZone")]
    [Description("IANA time zone the schedule is read in, e.g. Europe/Berlin; Etc/UTC when absent. A name the "
        + "operator does not know stalls the schedule with reason InvalidTimeZone.")]
    [MaxLength(64)]
    [ValidationRule(TimeZoneRule, "timeZone must be an IANA time zone name such as Etc/UTC or America/New_York",
        Reason = "FieldValueInvalid")]
    public string? TimeZone { get; set; }

    [JsonPropertyName("suspend")]
    [Description("True stops new runs; runs already started go on. Runs missed while suspended are not made up for "
        + "unless startingDeadlineSeconds still allows them when the schedule is resumed.")]
    [PrinterColumn("Suspend", 1)]
    public bool? Suspend { get; set; }

    [JsonPropertyName("concurrencyPolicy")]
    [Description("What to do when a run is due while an earlier run is unfinished: Forbid (the default) starts no new "
        + "run, Allow starts it too, Replace cancels the unfinished runs (deletes them) and starts the new one.")]
    [DefaultValue(nameof(V1Alpha1.ConcurrencyPolicy.Forbid))]
    public ConcurrencyPolicy? ConcurrencyPolicy { get; set; }

    [JsonPropertyName("startingDeadlineSeconds")]
    [Description("How late a run may still start, in seconds after its scheduled time; a run later than that is "
        + "skipped. Without it, a run missed (operator down, Forbid) starts as soon as it can, and more than 100 missed "
        + "times are reported with a Warning Event instead of being made up for.")]
    [ValidationRule("self >= 0", "startingDeadlineSeconds must be 0 or more", Reason = "FieldValueInvalid")]
    public long? StartingDeadlineSeconds { get; set; }

    [JsonPropertyName("successfulRunsHistoryLimit")]
    [Description("How many succeeded runs to keep; older ones are deleted. 3 when absent.")]
    [DefaultValue(DefaultSuccessfulRunsHistoryLimit)]
    [ValidationRule("self >= 0", "successfulRunsHistoryLimit must be 0 or more", Reason = "FieldValueInvalid")]
    public int? SuccessfulRunsHistoryLimit { get; set; }

    [JsonPropertyName("failedRunsHistoryLimit")]
    [Description("How many failed or cancelled runs to keep; older ones are deleted. 1 when absent.")]
    [DefaultValue(DefaultFailedRunsHistoryLimit)]
    [ValidationRule("self >= 0", "failedRunsHistoryLimit must be 0 or more", Reason = "FieldValueInvalid")]
    public int? FailedRunsHistoryLimit { get; set; }

    [JsonPropertyName("agentTaskTemplate")]
    [Description("The AgentTask each run is made from.")]
    [Required]
    public AgentTaskTemplate AgentTaskTemplate { get; set; } = new();
}
