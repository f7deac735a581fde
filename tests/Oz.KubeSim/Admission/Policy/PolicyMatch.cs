namespace Oz.KubeSim.Admission.Policy;

/// <summary>
/// Whether a request falls under a policy's matchConstraints or a binding's matchResources:
/// resourceRules (apiGroups, apiVersions, operations, resources with "*", "x/*", "*/sub"),
/// excludeResourceRules, namespaceSelector and objectSelector.
/// </summary>
public static class PolicyMatch
{
    public static bool Matches(JsonObject? match, AdmissionRequest request, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        if (match is null)
        {
            return true;
        }

        if (match["resourceRules"] is JsonArray rules && !rules.OfType<JsonObject>().Any(r => RuleMatches(r, request)))
        {
            return false;
        }

        if (match["excludeResourceRules"] is JsonArray excluded && excluded.OfType<JsonObject>().Any(r => RuleMatches(r, request)))
        {
            return false;
        }

        // Cluster-scoped objects other than Namespaces are not selected by namespaceSelector.
        if (namespaceLabels is not null && !SelectorMatch.Matches(match["namespaceSelector"], namespaceLabels))
        {
            return false;
        }

        var objectLabels = Labels(request.Object);
        var oldLabels = request.OldObject is null ? null : Labels(request.OldObject);
        return SelectorMatch.Matches(match["objectSelector"], objectLabels)
            || (oldLabels is not null && SelectorMatch.Matches(match["objectSelector"], oldLabels));
    }

    private static bool RuleMatches(JsonObject rule, AdmissionRequest request)
    {
        var operation = request.Operation.ToString().ToUpperInvariant();
        var resource = request.Subresource is null ? request.Type.Plural : $"{request.Type.Plural}/{request.Subresource}";
        var names = Strings(rule, "resourceNames");
        return Has(rule, "apiGroups", request.Type.Group)
            && Has(rule, "apiVersions", request.Type.Version)
            && Has(rule, "operations", operation)
            && Strings(rule, "resources").Any(r => ResourceMatches(r, request.Type.Plural, request.Subresource))
            && (names.Count == 0 || names.Contains(request.Name));
    }

    private static bool ResourceMatches(string pattern, string plural, string? subresource)
    {
        if (pattern == "*/*")
        {
            return true;
        }

        var slash = pattern.IndexOf('/', StringComparison.Ordinal);
        var (resourcePart, subPart) = slash < 0 ? (pattern, (string?)null) : (pattern[..slash], pattern[(slash + 1)..]);
        return (resourcePart == "*" || resourcePart == plural) && (subPart == "*" ? subresource is not null : subPart == subresource);
    }

    private static bool Has(JsonObject rule, string field, string value) => Strings(rule, field) is var list && (list.Contains("*") || list.Contains(value));

    private static List<string> Strings(JsonObject rule, string field) =>
        (rule[field] as JsonArray ?? []).Select(v => v?.GetValue<string>() ?? "").ToList();

    private static Dictionary<string, string> Labels(JsonObject obj) =>
        (JsonPath.Get(obj, "metadata.labels") as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal);
}
