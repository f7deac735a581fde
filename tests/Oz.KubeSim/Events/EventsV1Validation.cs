namespace Oz.KubeSim.Events;

/// <summary>
/// The strict checks the API server adds for Events created through events.k8s.io/v1
/// (ValidateEventCreate): eventTime, reportingController, reportingInstance, action and reason
/// are required, type is Normal or Warning, and the deprecated core fields stay unset; and on
/// update (ValidateEventUpdate) every field but the series and metadata is immutable. Like the API
/// server, errors name the core/v1 fields (message, firstTimestamp, count, source, …).
/// </summary>
public static class EventsV1Validation
{
    private static readonly (string Field, string Path)[] Immutable =
    [
        ("involvedObject", "involvedObject"), ("reason", "reason"), ("message", "message"), ("source", "source"),
        ("firstTimestamp", "firstTimestamp"), ("lastTimestamp", "lastTimestamp"), ("count", "count"), ("type", "type"),
        ("eventTime", "eventTime"), ("action", "action"), ("related", "related"), ("reportingComponent", "reportingController"),
        ("reportingInstance", "reportingInstance"),
    ];

    public static List<FieldError> ValidateCreate(JsonObject eventsV1)
    {
        var errors = new List<FieldError>();
        var hasEventTime = !string.IsNullOrEmpty(JsonPath.GetString(eventsV1, "eventTime"));

        // The reporting fields are checked for "new" events, those with an eventTime.
        foreach (var field in hasEventTime ? new[] { "reportingController", "reportingInstance", "action", "reason" } : [])
        {
            if (string.IsNullOrEmpty(JsonPath.GetString(eventsV1, field)))
            {
                errors.Add(FieldError.Required(field));
            }
        }

        if (hasEventTime)
        {
            errors.AddRange(EventLimits.Check(eventsV1));
        }
        else
        {
            errors.Add(FieldError.Required("eventTime"));
        }

        var type = JsonPath.GetString(eventsV1, "type") ?? "";
        if (type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", "\"\"", $"has invalid value: {type}"));
        }

        foreach (var (deprecated, core) in new[] { ("deprecatedFirstTimestamp", "firstTimestamp"), ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count"), ("deprecatedSource", "source") })
        {
            if (eventsV1[deprecated] is JsonNode value && !(value is JsonValue v && v.ToJsonString() is "0" or "null") && !(value is JsonObject { Count: 0 }))
            {
                errors.Add(FieldError.Invalid(core, "\"\"", "needs to be unset"));
            }
        }

        errors.AddRange(Series(eventsV1));
        return errors;
    }

    /// <summary>An update through events.k8s.io, both versions in core/v1 terms (as stored).</summary>
    public static List<FieldError> ValidateUpdate(JsonObject next, JsonObject old)
    {
        var errors = new List<FieldError>();
        if (!JsonNode.DeepEquals(next["series"], old["series"]))
        {
            errors.AddRange(Series(next));
        }

        foreach (var (field, path) in Immutable)
        {
            if (!JsonNode.DeepEquals(next[field], old[field]))
            {
                errors.Add(FieldError.Invalid(path, next[field]?.ToJsonString() ?? "null", "field is immutable"));
            }
        }

        return errors;
    }

    private static IEnumerable<FieldError> Series(JsonObject evt)
    {
        if (evt["series"] is not JsonObject series)
        {
            yield break;
        }

        if ((JsonPath.GetLong(series, "count") ?? 0) < 2)
        {
            yield return FieldError.Invalid("series.count", "\"\"", "should be at least 2");
        }

        if (string.IsNullOrEmpty(JsonPath.GetString(series, "lastObservedTime")))
        {
            yield return FieldError.Required("series.lastObservedTime");
        }
    }
}
