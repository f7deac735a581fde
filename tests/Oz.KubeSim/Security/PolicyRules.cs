namespace Oz.KubeSim.Security;

/// <summary>Whether one rbac/v1 PolicyRule covers a request, with the API server's matching rules.</summary>
public static class PolicyRules
{
    public static bool Allows(JsonObject rule, AccessAttributes request)
    {
        if (!Has(rule, "verbs", request.Verb))
        {
            return false;
        }

        if (request.Path is { } path)
        {
            return Strings(rule, "nonResourceURLs").Any(url => url == "*" || url == path || (url.EndsWith('*') && path.StartsWith(url[..^1], StringComparison.Ordinal)));
        }

        if (!Has(rule, "apiGroups", request.Group))
        {
            return false;
        }

        var combined = request.Subresource is null ? request.Resource : $"{request.Resource}/{request.Subresource}";

        // "*" matches every resource and subresource; "*/status" every status subresource; "jobs" never jobs/status.
        var resourceMatches = Strings(rule, "resources").Any(r => r == "*" || r == combined
            || (request.Subresource is not null && r == $"*/{request.Subresource}"));
        if (!resourceMatches)
        {
            return false;
        }

        var names = Strings(rule, "resourceNames").ToList();
        return names.Count == 0 || (!string.IsNullOrEmpty(request.Name) && names.Contains(request.Name));
    }

    private static bool Has(JsonObject rule, string field, string value) =>
        Strings(rule, field).Any(v => v == "*" || v == value);

    private static IEnumerable<string> Strings(JsonObject rule, string field) =>
        (rule[field] as JsonArray)?.Select(v => v?.GetValue<string>() ?? "") ?? [];
}
