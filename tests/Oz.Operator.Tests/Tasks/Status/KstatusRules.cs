namespace Oz.Operator.Tests.Tasks.Status;

/// <summary>
/// The status rules kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status) applies to a custom
/// resource it has no specific rules for, in its order: a deletionTimestamp means Terminating; an
/// observedGeneration that differs from metadata.generation means InProgress; Reconciling=True
/// means InProgress; Stalled=True means Failed; then a Ready condition decides (True: Current,
/// False or Unknown: InProgress); without any of these the resource counts as Current. Flux's
/// health checks and cli-utils' wait use exactly this, so a status that reads right here reads
/// right there.
/// </summary>
public static class KstatusRules
{
    public const string Current = "Current";
    public const string InProgress = "InProgress";
    public const string Failed = "Failed";
    public const string Terminating = "Terminating";

    public static string Compute(JsonNode resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource["metadata"]?["deletionTimestamp"] is JsonValue deleted && deleted.GetValue<string>() != "")
        {
            return Terminating;
        }

        if (resource["metadata"]?["generation"] is JsonValue generation
            && resource["status"]?["observedGeneration"] is JsonValue observed
            && generation.GetValue<long>() != observed.GetValue<long>())
        {
            return InProgress;
        }

        var conditions = (resource["status"]?["conditions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        foreach (var condition in conditions)
        {
            var type = (string?)condition["type"];
            var status = (string?)condition["status"];
            if (type == "Reconciling" && status == "True")
            {
                return InProgress;
            }

            if (type == "Stalled" && status == "True")
            {
                return Failed;
            }
        }

        var ready = conditions.FirstOrDefault(c => (string?)c["type"] == "Ready");
        return (string?)ready?["status"] switch
        {
            "True" => Current,
            "False" or "Unknown" => InProgress,
            _ => Current,
        };
    }
}
