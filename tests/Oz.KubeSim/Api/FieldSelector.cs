using Oz.KubeSim.Events;

namespace Oz.KubeSim.Api;

/// <summary>A field selector (<c>metadata.name=x,status.phase!=Running</c>) over the indexed fields.</summary>
public sealed class FieldSelector
{
    private readonly List<(string Field, string Value, bool Equal)> _terms = [];

    public bool IsEmpty => _terms.Count == 0;

    public bool Matches(StoredObject obj) =>
        _terms.TrueForAll(t => (obj.Fields.TryGetValue(t.Field, out var v) ? v : "") == t.Value == t.Equal);

    /// <summary>The metadata.name an equality term pins, if any (lets gets skip a scan).</summary>
    public string? PinnedName => _terms.FirstOrDefault(t => t.Field == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        var selector = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text))
        {
            return selector;
        }

        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0)
            {
                continue;
            }

            var neq = term.IndexOf("!=", StringComparison.Ordinal);
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            (string field, string value, bool equal) = neq > 0
                ? (term[..neq], term[(neq + 2)..], false)
                : eq > 0 ? (term[..eq], term[(eq + 1)..].TrimStart('='), true)
                : throw StatusObjects.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            if (!Supported(field.Trim(), type))
            {
                throw StatusObjects.BadRequest($"field label not supported: {field.Trim()}");
            }

            // events.k8s.io labels select on the stored core/v1 Event's fields (regarding.name → involvedObject.name).
            var label = EventConversion.IsEventsV1(type) ? EventConversion.CoreFieldLabel(field.Trim()) : field.Trim();
            selector._terms.Add((label, value.Trim(), equal));
        }

        return selector;
    }

    private static bool Supported(string field, ResourceType type) => field switch
    {
        "metadata.name" or "metadata.namespace" => true,
        "status.phase" or "spec.nodeName" => type.Kind == "Pod",
        "reason" or "type" or "source" => type.Kind == "Event",
        _ when field.StartsWith("involvedObject.", StringComparison.Ordinal) || field == "reportingComponent" => type.Kind == "Event" && !EventConversion.IsEventsV1(type),
        _ when field.StartsWith("regarding.", StringComparison.Ordinal) || field == "reportingController" => EventConversion.IsEventsV1(type),
        _ => false,
    };
}
