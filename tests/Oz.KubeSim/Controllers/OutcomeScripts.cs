using System.Collections.Concurrent;

namespace Oz.KubeSim.Controllers;

/// <summary>
/// Decides each container's outcome. In order: the pod annotation
/// <c>kubesim.oz/outcome-&lt;container&gt;</c>, then <c>kubesim.oz/outcome</c> (main containers),
/// then scripts registered by image (exact, then without tag), then <c>kubesim/…</c> image names,
/// then <see cref="Default"/>.
/// </summary>
public sealed class OutcomeScripts
{
    public const string OutcomeAnnotation = "kubesim.oz/outcome";
    public const string LogAnnotation = "kubesim.oz/log";

    /// <summary>The outcome of a later pod of the same owner (a Job's replacement), instead of <see cref="OutcomeAnnotation"/>.</summary>
    public const string RetryAnnotation = "kubesim.oz/outcome-retry";

    private readonly ConcurrentDictionary<string, PodOutcome> _byImage = new(StringComparer.Ordinal);

    public PodOutcome Default { get; set; } = PodOutcome.Succeed();

    /// <summary>Scripts every container running <paramref name="image"/> (with or without tag).</summary>
    public void Script(string image, PodOutcome outcome) => _byImage[image] = outcome;

    public void Script(string image, string outcome) => Script(image, PodOutcome.Parse(outcome));

    public void Clear() => _byImage.Clear();

    /// <summary>A pod-level outcome from the annotation (unschedulable, evicted, failedmount apply to the whole pod).</summary>
    public static PodOutcome? PodLevel(JsonObject pod) =>
        JsonPath.Get(pod, "metadata.annotations") is JsonObject annotations
        && annotations[OutcomeAnnotation] is JsonValue v && v.TryGetValue<string>(out var text) ? PodOutcome.Parse(text) : null;

    public PodOutcome Resolve(JsonObject pod, JsonObject container, bool init)
    {
        var annotations = JsonPath.Get(pod, "metadata.annotations") as JsonObject;
        var name = JsonPath.GetString(container, "name") ?? "";
        var image = JsonPath.GetString(container, "image") ?? "";
        var log = annotations?[LogAnnotation]?.GetValue<string>();
        if (annotations?[$"{OutcomeAnnotation}-{name}"] is JsonValue perContainer)
        {
            return WithLog(PodOutcome.Parse(perContainer.GetValue<string>()), log);
        }

        if (!init && annotations?[OutcomeAnnotation] is JsonValue podWide)
        {
            return WithLog(PodOutcome.Parse(podWide.GetValue<string>()), log);
        }

        if (_byImage.TryGetValue(image, out var scripted) || _byImage.TryGetValue(WithoutTag(image), out scripted))
        {
            return WithLog(scripted, log);
        }

        return WithLog(PodOutcome.FromImage(image) ?? Default, log);
    }

    private static PodOutcome WithLog(PodOutcome outcome, string? log) => log is null || outcome.Log is not null ? outcome : outcome with { Log = log };

    private static string WithoutTag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return image[..at];
        }

        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }
}
