using System.Text.Json.Nodes;
using Oz.KubeSim.Api;
using Oz.KubeSim.Json;

namespace Oz.KubeSim.Events;

/// <summary>
/// The strict checks the API server adds for Events created through events.k8s.io/v1
/// (ValidateEventCreate): eventTime, reportingController, reportingInstance, action and reason
/// are required, type is Normal or Warning, and the deprecated core fields stay unset.
/// </summary>
public static class EventsV1Validation
{
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

        if (!hasEventTime)
        {
            errors.Add(FieldError.Required("eventTime"));
        }

        var type = JsonPath.GetString(eventsV1, "type") ?? "";
        if (type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", "\"\"", $"has invalid value: {type}"));
        }

        foreach (var deprecated in new[] { "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource" })
        {
            if (eventsV1[deprecated] is JsonNode value && !(value is JsonValue v && v.ToJsonString() is "0" or "null") && !(value is JsonObject { Count: 0 }))
            {
                errors.Add(FieldError.Invalid(deprecated, "\"\"", "needs to be unset"));
            }
        }

        return errors;
    }
}
