namespace Oz.KubeSim.Api;

/// <summary>The defaulting the API server applies to the built-in types the simulator runs (pods, jobs).</summary>
internal static class ObjectDefaults
{
    public static void OnCreate(ResourceType type, JsonObject obj)
    {
        if (type == BuiltInResources.Pods)
        {
            var spec = JsonPath.Ensure(obj, "spec");
            DefaultPodSpec(spec);
            obj["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
        }
        else if (type == BuiltInResources.Jobs)
        {
            DefaultJob(obj);
        }
        else if (type == BuiltInResources.Namespaces)
        {
            var labels = JsonPath.Ensure(obj, "metadata.labels");
            labels["kubernetes.io/metadata.name"] = JsonPath.GetString(obj, "metadata.name");
            obj["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
    }

    private static void DefaultJob(JsonObject job)
    {
        var spec = JsonPath.Ensure(job, "spec");
        spec["parallelism"] ??= 1;
        spec["completions"] ??= 1;
        spec["backoffLimit"] ??= 6;
        spec["completionMode"] ??= "NonIndexed";
        spec["suspend"] ??= false;
        spec["podReplacementPolicy"] ??= "TerminatingOrFailed";
        spec["manualSelector"] ??= null;
        spec.Remove("manualSelector");
        var uid = JsonPath.GetString(job, "metadata.uid") ?? "";
        var name = JsonPath.GetString(job, "metadata.name") ?? "";
        if (spec["selector"] is null)
        {
            spec["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["batch.kubernetes.io/controller-uid"] = uid } };
        }

        var templateLabels = JsonPath.Ensure(spec, "template.metadata.labels");
        templateLabels["batch.kubernetes.io/controller-uid"] = uid;
        templateLabels["batch.kubernetes.io/job-name"] = name;
        templateLabels["controller-uid"] = uid;
        templateLabels["job-name"] = name;
        DefaultPodSpec(JsonPath.Ensure(spec, "template.spec"));
        job["status"] = new JsonObject();
    }

    public static void DefaultPodSpec(JsonObject spec)
    {
        spec["restartPolicy"] ??= "Always";
        spec["terminationGracePeriodSeconds"] ??= 30;
        spec["dnsPolicy"] ??= "ClusterFirst";
        spec["schedulerName"] ??= "default-scheduler";
        spec["securityContext"] ??= new JsonObject();
        foreach (var list in new[] { "initContainers", "containers" })
        {
            foreach (var container in (spec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                container["terminationMessagePath"] ??= "/dev/termination-log";
                container["terminationMessagePolicy"] ??= "File";
                container["resources"] ??= new JsonObject();
                var image = JsonPath.GetString(container, "image") ?? "";
                var tagged = image.Contains('@', StringComparison.Ordinal) || (image.LastIndexOf(':') > image.LastIndexOf('/') && !image.EndsWith(":latest", StringComparison.Ordinal));
                container["imagePullPolicy"] ??= tagged ? "IfNotPresent" : "Always";
            }
        }
    }
}
