namespace Oz.KubeSim.Controllers.Pods;

/// <summary>The parts of a pod's spec the kubelet reads.</summary>
internal static class PodSpec
{
    public static List<JsonObject> Containers(JsonObject pod) => Objects(pod, "spec.containers");

    public static List<JsonObject> InitContainers(JsonObject pod) => Objects(pod, "spec.initContainers");

    public static List<JsonObject> Volumes(JsonObject pod) => Objects(pod, "spec.volumes");

    public static string Name(JsonObject container) => JsonPath.GetString(container, "name")!;

    private static List<JsonObject> Objects(JsonObject pod, string path) =>
        (JsonPath.Get(pod, path) as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
}
