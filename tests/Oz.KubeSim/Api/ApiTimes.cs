namespace Oz.KubeSim.Api;

/// <summary>
/// Rewrites client-written times of built-in objects as the API server re-encodes them: metav1.Time
/// fields at whole seconds (RFC 3339 without fractions), metav1.MicroTime fields at microseconds.
/// Custom resources are stored as sent (unstructured), so they are left alone.
/// </summary>
public static class ApiTimes
{
    // The metav1.Time and metav1.MicroTime fields of the built-in types the simulator serves, by name.
    private static readonly HashSet<string> SecondFields = new(StringComparer.Ordinal)
    {
        "firstTimestamp", "lastTimestamp", "deprecatedFirstTimestamp", "deprecatedLastTimestamp", "startTime",
        "completionTime", "lastProbeTime", "lastTransitionTime", "lastHeartbeatTime", "lastUpdateTime", "startedAt", "finishedAt",
    };

    private static readonly HashSet<string> MicroFields = new(StringComparer.Ordinal) { "eventTime", "lastObservedTime", "acquireTime", "renewTime" };

    // String maps whose keys are user data, not field names; metadata times are server-set.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "metadata", "labels", "annotations", "nodeSelector", "data", "stringData", "binaryData",
    };

    public static void Normalize(ResourceType type, JsonObject obj)
    {
        if (!type.IsCustom && type != BuiltInResources.ConfigMaps && type != BuiltInResources.Secrets)
        {
            Walk(obj);
        }
    }

    private static void Walk(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array)
                {
                    Walk(item);
                }

                break;
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (Skipped.Contains(key))
                    {
                        continue;
                    }

                    if (value is JsonValue scalar && scalar.TryGetValue<string>(out var text) && Parse(text) is { } time)
                    {
                        if (SecondFields.Contains(key))
                        {
                            obj[key] = JsonPath.Timestamp(time);
                        }
                        else if (MicroFields.Contains(key))
                        {
                            obj[key] = JsonPath.MicroTimestamp(time);
                        }
                    }
                    else
                    {
                        Walk(value);
                    }
                }

                break;
        }
    }

    private static DateTimeOffset? Parse(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) ? time : null;
}
