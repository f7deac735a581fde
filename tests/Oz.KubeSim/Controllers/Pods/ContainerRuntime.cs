using System.Text.RegularExpressions;

namespace Oz.KubeSim.Controllers.Pods;

/// <summary>
/// The container runtime as the kubelet drives it: pulls the image (or backs off pulling it), checks
/// the container's config (its env references), creates and starts the container and keeps its log,
/// with the status and Events a real node shows at each step.
/// </summary>
internal sealed partial class ContainerRuntime(ResourceApi api, EventRecorder events, PodStatusWriter status, ContainerLogs logs, Func<TimeSpan> stepDelay)
{
    private readonly EnvReferences _env = new(api.Store);

    /// <summary>Pulls the image and creates the container; false when the pod is stuck (pull or config errors).</summary>
    public async Task<bool> StartAsync(StoredObject created, JsonObject container, PodOutcome outcome, bool init, CancellationToken ct)
    {
        var name = PodSpec.Name(container);
        var image = JsonPath.GetString(container, "image") ?? "";
        var fieldPath = init ? $"spec.initContainers{{{name}}}" : $"spec.containers{{{name}}}";
        if (outcome.Kind == OutcomeKind.InvalidImageName || !ImageReferenceRegex().IsMatch(image))
        {
            var message = $"Failed to apply default image tag \"{image}\": couldn't parse image name \"{image}\": invalid reference format";
            var stuck = status.Mutate(created, p => PodStatusWriter.SetContainerStatus(p, name, init, ContainerStatuses.Waiting(container, "InvalidImageName", message)));
            events.Warning(stuck, "InspectFailed", message, "kubelet", fieldPath);
            events.Warning(stuck, "Failed", "Error: InvalidImageName", "kubelet", fieldPath);
            return false;
        }

        events.Normal(status.Current(created), "Pulling", $"Pulling image \"{image}\"", "kubelet", fieldPath);
        await Step(ct);
        if (outcome.Kind == OutcomeKind.ErrImagePull)
        {
            await PullBackOffLoopAsync(created, container, image, init, fieldPath, outcome, ct);
            return false;
        }

        events.Normal(status.Current(created), "Pulled", $"Successfully pulled image \"{image}\" in 1.2s (1.2s including waiting). Image size: 4261574 bytes.", "kubelet", fieldPath);
        var configError = outcome.Kind == OutcomeKind.CreateContainerConfigError ? outcome.Message ?? "kubesim: scripted container config error" : _env.Missing(created.Namespace, container);
        var backoff = TimeSpan.FromSeconds(2);
        while (configError is not null)
        {
            var stuck = status.Mutate(created, p => PodStatusWriter.SetContainerStatus(p, name, init, ContainerStatuses.Waiting(container, "CreateContainerConfigError", configError)));
            events.Warning(stuck, "Failed", $"Error: {configError}", "kubelet", fieldPath);
            await api.Clock.DelayAsync(backoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
            configError = outcome.Kind == OutcomeKind.CreateContainerConfigError ? configError : _env.Missing(created.Namespace, container);
        }

        logs.Record(created, name, outcome.Log ?? "");
        events.Normal(status.Current(created), "Created", $"Created container: {name}", "kubelet", fieldPath);
        events.Normal(status.Current(created), "Started", $"Started container {name}", "kubelet", fieldPath);
        return true;
    }

    private async Task PullBackOffLoopAsync(StoredObject created, JsonObject container, string image, bool init, string fieldPath, PodOutcome outcome, CancellationToken ct)
    {
        var name = PodSpec.Name(container);
        var reference = image.Contains('/', StringComparison.Ordinal) ? image : $"docker.io/library/{image}";
        var pullError = outcome.Message ?? $"rpc error: code = NotFound desc = failed to pull and unpack image \"{reference}\": failed to resolve reference \"{reference}\": {reference}: not found";
        var backoff = TimeSpan.FromSeconds(10);
        while (true)
        {
            var pulling = status.Mutate(created, p => PodStatusWriter.SetContainerStatus(p, name, init, ContainerStatuses.Waiting(container, "ErrImagePull", pullError)));
            events.Warning(pulling, "Failed", $"Failed to pull image \"{image}\": {pullError}", "kubelet", fieldPath);
            events.Warning(pulling, "Failed", "Error: ErrImagePull", "kubelet", fieldPath);
            await Step(ct);
            var backingOff = status.Mutate(created, p => PodStatusWriter.SetContainerStatus(p, name, init, ContainerStatuses.Waiting(container, "ImagePullBackOff", $"Back-off pulling image \"{image}\": ErrImagePull: {pullError}")));
            events.Normal(backingOff, "BackOff", $"Back-off pulling image \"{image}\"", "kubelet", fieldPath);
            events.Warning(backingOff, "Failed", "Error: ImagePullBackOff", "kubelet", fieldPath);
            await api.Clock.DelayAsync(backoff, ct);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromMinutes(5).Ticks));
            events.Normal(status.Current(created), "Pulling", $"Pulling image \"{image}\"", "kubelet", fieldPath);
        }
    }

    private Task Step(CancellationToken ct) => api.Clock.DelayAsync(stepDelay(), ct);

    /// <summary>A docker image reference (lowercase repository path, optional tag and digest).</summary>
    [GeneratedRegex(@"^([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-]+[a-z0-9]+)*(/[a-z0-9]+([._-]+[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$")]
    private static partial Regex ImageReferenceRegex();
}
