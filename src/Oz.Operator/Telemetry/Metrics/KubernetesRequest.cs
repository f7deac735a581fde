namespace Oz.Operator.Telemetry.Metrics;

/// <summary>The verb and resource of one Kubernetes API request, as the API server's own metrics name them.</summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete, deletecollection (or the lowercase HTTP method).</param>
/// <param name="Resource">Plural resource name, with "/subresource" when there is one (e.g. "agenttasks/status"); for non-resource paths, their first segment (e.g. "version").</param>
public readonly record struct KubernetesRequest(string Verb, string Resource)
{
    /// <summary>Classifies a request from its method and URL alone (no API discovery).</summary>
    public static KubernetesRequest Classify(HttpMethod method, Uri? uri)
    {
        var segments = (uri?.AbsolutePath ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var watch = IsWatchQuery(uri?.Query);
        var rest = segments.AsSpan();

        // /api/v1/... and /apis/<group>/<version>/...; anything else is a non-resource path.
        if (rest.Length >= 2 && rest[0] == "api")
        {
            rest = rest[2..];
        }
        else if (rest.Length >= 3 && rest[0] == "apis")
        {
            rest = rest[3..];
        }
        else
        {
            return new KubernetesRequest(method.Method.ToLowerInvariant(), segments.Length == 0 ? "root" : segments[0]);
        }

        // Legacy watch paths: /api/v1/watch/namespaces/ns/pods.
        if (rest.Length > 0 && rest[0] == "watch")
        {
            watch = true;
            rest = rest[1..];
        }

        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            rest = rest[2..];
        }

        if (rest.Length == 0)
        {
            return new KubernetesRequest(method.Method.ToLowerInvariant(), "discovery");
        }

        var resource = rest.Length >= 3 ? $"{rest[0]}/{rest[2]}" : rest[0];
        var named = rest.Length >= 2;
        var verb = method.Method.ToUpperInvariant() switch
        {
            "GET" when watch => "watch",
            "GET" => named ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => named ? "delete" : "deletecollection",
            _ => method.Method.ToLowerInvariant(),
        };
        return new KubernetesRequest(verb, resource);
    }

    private static bool IsWatchQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return false;
        }

        foreach (var pair in query.TrimStart('?').Split('&'))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == "watch")
            {
                return parts.Length == 1 || parts[1] is "true" or "1" or "True";
            }
        }

        return false;
    }
}
