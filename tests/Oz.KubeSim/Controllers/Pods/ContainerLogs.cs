using System.Collections.Concurrent;

namespace Oz.KubeSim.Controllers.Pods;

/// <summary>What each simulated container wrote, kept per pod and container and served as pods/log.</summary>
internal sealed class ContainerLogs
{
    private readonly ConcurrentDictionary<string, string> _logs = new(StringComparer.Ordinal);

    public void Record(StoredObject pod, string container, string text) => _logs[$"{pod.Uid}/{container}"] = text;

    /// <summary>The log of a container (the first main container when <paramref name="container"/> is null), or the API server's refusal.</summary>
    public string Get(StoredObject pod, string? container)
    {
        var obj = pod.ToJsonObject();
        var containers = PodSpec.Containers(obj).Select(c => JsonPath.GetString(c, "name") ?? "").ToList();
        var inits = PodSpec.InitContainers(obj).Select(c => JsonPath.GetString(c, "name") ?? "").ToList();
        if (container is null)
        {
            if (containers.Count != 1)
            {
                throw StatusObjects.BadRequest($"a container name must be specified for pod {pod.Name}, choose one of: [{string.Join(' ', containers)}] or one of the init containers: [{string.Join(' ', inits)}]");
            }

            container = containers[0];
        }
        else if (!containers.Contains(container) && !inits.Contains(container))
        {
            throw StatusObjects.BadRequest($"container {container} is not valid for pod {pod.Name}");
        }

        if (_logs.TryGetValue($"{pod.Uid}/{container}", out var log))
        {
            return log;
        }

        var waiting = ContainerStatuses.Find(obj, container)?["state"]?["waiting"]?["reason"]?.GetValue<string>() ?? "ContainerCreating";
        throw StatusObjects.BadRequest($"container \"{container}\" in pod \"{pod.Name}\" is waiting to start: {waiting}");
    }
}
