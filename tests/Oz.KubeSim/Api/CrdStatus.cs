namespace Oz.KubeSim.Api;

/// <summary>The status the apiextensions controllers give a CRD once its names are accepted and it is served.</summary>
internal static class CrdStatus
{
    public static void Accept(JsonObject crd)
    {
        var now = JsonPath.Timestamp(DateTimeOffset.UtcNow);
        var storage = (JsonPath.Get(crd, "spec.versions") as JsonArray)?.OfType<JsonObject>()
            .FirstOrDefault(v => JsonPath.GetBool(v, "storage") == true);
        crd["status"] = new JsonObject
        {
            ["acceptedNames"] = JsonPath.Get(crd, "spec.names")?.DeepClone(),
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["storedVersions"] = new JsonArray(JsonPath.GetString(storage, "name") ?? ""),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };
}
