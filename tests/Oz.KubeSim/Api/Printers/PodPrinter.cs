namespace Oz.KubeSim.Api.Printers;

/// <summary><c>kubectl get pods</c>: Name, Ready, Status, Restarts, Age (+ IP, Node, … wide), computed as the API server's pod printer does.</summary>
internal static class PodPrinter
{
    public static BuiltInPrinter Printer { get; } = new(
        [
            new("Name", "string", "", "name", "Name must be unique within a namespace."),
            new("Ready", "string", "", null, "The aggregate readiness state of this pod for accepting traffic."),
            new("Status", "string", "", null, "The aggregate status of the containers in this pod."),
            new("Restarts", "string", "", null, "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
            new("Age", "string", "", null, "CreationTimestamp is a timestamp representing the server time when this object was created."),
            new("IP", "string", "", null, "IP address allocated to the pod. Routable at least within the cluster.", 1),
            new("Node", "string", "", null, "NodeName is a request to schedule this pod onto a specific node.", 1),
            new("Nominated Node", "string", "", null, "nominatedNodeName is set only when this pod preempts other pods on the node.", 1),
            new("Readiness Gates", "string", "", null, "If specified, all readiness gates will be evaluated for pod readiness.", 1),
        ],
        Cells);

    private static JsonArray Cells(JsonObject pod, DateTimeOffset now)
    {
        var total = (JsonPath.Get(pod, "spec.containers") as JsonArray)?.Count ?? 0;
        var reason = JsonPath.GetString(pod, "status.reason") is { Length: > 0 } podReason ? podReason : JsonPath.GetString(pod, "status.phase") ?? "";
        var initReason = InitReason(pod);
        var initializing = initReason is not null;
        if (initReason is not null)
        {
            reason = initReason;
        }

        var ready = 0;
        long restarts = 0;
        var hasRunning = false;
        var statuses = (JsonPath.Get(pod, "status.containerStatuses") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        for (var i = statuses.Count - 1; i >= 0; i--)
        {
            var status = statuses[i];
            restarts += JsonPath.GetLong(status, "restartCount") ?? 0;
            if (initializing)
            {
                continue;
            }

            if (JsonPath.GetString(status, "state.waiting.reason") is { Length: > 0 } waiting)
            {
                reason = waiting;
            }
            else if (JsonPath.Get(status, "state.terminated") is JsonObject terminated)
            {
                reason = JsonPath.GetString(terminated, "reason") is { Length: > 0 } why ? why
                    : JsonPath.GetLong(terminated, "signal") is { } signal and not 0 ? $"Signal:{signal}"
                    : $"ExitCode:{JsonPath.GetLong(terminated, "exitCode") ?? 0}";
            }
            else if (JsonPath.GetBool(status, "ready") == true && JsonPath.Get(status, "state.running") is not null)
            {
                hasRunning = true;
                ready++;
            }
        }

        if (reason == "Completed" && hasRunning)
        {
            reason = IsPodReady(pod) ? "Running" : "NotReady";
        }

        if (JsonPath.GetString(pod, "metadata.deletionTimestamp") is { Length: > 0 })
        {
            reason = "Terminating";
        }

        return
        [
            JsonPath.GetString(pod, "metadata.name"),
            $"{ready}/{total}",
            reason,
            restarts.ToString(CultureInfo.InvariantCulture),
            PrintedTimes.Since(PrintedTimes.Parse(pod, "metadata.creationTimestamp"), now),
            JsonPath.GetString(pod, "status.podIP") ?? "<none>",
            JsonPath.GetString(pod, "spec.nodeName") ?? "<none>",
            JsonPath.GetString(pod, "status.nominatedNodeName") ?? "<none>",
            "<none>",
        ];
    }

    /// <summary>Init:N/M, Init:Reason or Init:ExitCode:N while init containers have not all succeeded; null otherwise.</summary>
    private static string? InitReason(JsonObject pod)
    {
        var inits = (JsonPath.Get(pod, "status.initContainerStatuses") as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var declared = (JsonPath.Get(pod, "spec.initContainers") as JsonArray)?.Count ?? 0;
        for (var i = 0; i < inits.Count; i++)
        {
            var status = inits[i];
            if (JsonPath.Get(status, "state.terminated") is JsonObject terminated)
            {
                var exit = JsonPath.GetLong(terminated, "exitCode") ?? 0;
                if (exit == 0)
                {
                    continue;
                }

                return JsonPath.GetString(terminated, "reason") is { Length: > 0 } why ? $"Init:{why}"
                    : JsonPath.GetLong(terminated, "signal") is { } signal and not 0 ? $"Init:Signal:{signal}"
                    : $"Init:ExitCode:{exit}";
            }

            return JsonPath.GetString(status, "state.waiting.reason") is { Length: > 0 } waiting && waiting != "PodInitializing"
                ? $"Init:{waiting}"
                : $"Init:{i}/{declared}";
        }

        return null;
    }

    private static bool IsPodReady(JsonObject pod) =>
        (JsonPath.Get(pod, "status.conditions") as JsonArray)?.OfType<JsonObject>()
            .Any(c => JsonPath.GetString(c, "type") == "Ready" && JsonPath.GetString(c, "status") == "True") == true;
}
