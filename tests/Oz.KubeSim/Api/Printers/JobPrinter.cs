namespace Oz.KubeSim.Api.Printers;

/// <summary><c>kubectl get jobs</c>: Name, Status, Completions, Duration, Age (+ Containers, Images, Selector wide), as the API server's job printer.</summary>
internal static class JobPrinter
{
    public static BuiltInPrinter Printer { get; } = new(
        [
            new("Name", "string", "", "name", "Name must be unique within a namespace."),
            new("Status", "string", "", null, "Status of the job."),
            new("Completions", "string", "", null, "The desired number of successfully finished pods the job should be run with."),
            new("Duration", "string", "", null, "Time required to complete the job."),
            new("Age", "string", "", null, "CreationTimestamp is a timestamp representing the server time when this object was created."),
            new("Containers", "string", "", null, "Names of each container in the template.", 1),
            new("Images", "string", "", null, "Images referenced by each container in the template.", 1),
            new("Selector", "string", "", null, "A label query over pods that should match the pod count.", 1),
        ],
        Cells);

    private static JsonArray Cells(JsonObject job, DateTimeOffset now)
    {
        var succeeded = JsonPath.GetLong(job, "status.succeeded") ?? 0;
        var completions = JsonPath.GetLong(job, "spec.completions") is { } wanted
            ? $"{succeeded}/{wanted}"
            : JsonPath.GetLong(job, "spec.parallelism") is > 1 and var parallelism ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
        var start = PrintedTimes.Parse(job, "status.startTime");
        var end = PrintedTimes.Parse(job, "status.completionTime");
        var duration = start is null ? "" : TableConverter.HumanDuration((end ?? now) - start.Value);
        var containers = (JsonPath.Get(job, "spec.template.spec.containers") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var selector = JsonPath.StringMap(JsonPath.Get(job, "spec.selector.matchLabels"));
        return
        [
            JsonPath.GetString(job, "metadata.name"),
            Status(job),
            completions,
            duration,
            PrintedTimes.Since(PrintedTimes.Parse(job, "metadata.creationTimestamp"), now),
            string.Join(',', containers.Select(c => JsonPath.GetString(c, "name"))),
            string.Join(',', containers.Select(c => JsonPath.GetString(c, "image"))),
            selector.Count == 0 ? "<none>" : string.Join(',', selector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")),
        ];
    }

    private static string Status(JsonObject job)
    {
        bool Has(string type) => (JsonPath.Get(job, "status.conditions") as JsonArray)?.OfType<JsonObject>()
            .Any(c => JsonPath.GetString(c, "type") == type && JsonPath.GetString(c, "status") == "True") == true;

        return Has("Complete") ? "Complete"
            : Has("Failed") ? "Failed"
            : JsonPath.GetString(job, "metadata.deletionTimestamp") is { Length: > 0 } ? "Terminating"
            : Has("Suspended") ? "Suspended"
            : Has("FailureTarget") ? "FailureTarget"
            : Has("SuccessCriteriaMet") ? "SuccessCriteriaMet"
            : "Running";
    }
}
