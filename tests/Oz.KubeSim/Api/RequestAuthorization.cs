using Oz.KubeSim.Security;

namespace Oz.KubeSim.Api;

/// <summary>
/// The API server's filters before a handler runs: authentication (bearer token, 401 when it is not
/// valid), impersonation (allowed only with the impersonate verb when authentication is strict) and
/// authorization of resource and non-resource requests, with the 403 texts the API server writes.
/// </summary>
internal static class RequestAuthorization
{
    public static string Authenticate(HttpRequest request, RbacModel rbac)
    {
        var auth = request.Headers.Authorization.ToString();
        var token = auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? auth[7..].Trim() : null;
        var user = rbac.Authenticate(token) ?? throw Unauthorized();
        if (request.Headers.TryGetValue("Impersonate-User", out var impersonated) && impersonated.Count > 0 && impersonated[0] is { } target)
        {
            if (rbac.StrictAuthentication)
            {
                var asked = new AccessAttributes("impersonate", "", "users", null, null, target);
                var (allowed, reason) = rbac.Authorize(user, asked);
                if (!allowed)
                {
                    throw StatusObjects.Forbidden(null, "users", "", null, target, null, user, "impersonate", reason);
                }
            }

            return target;
        }

        return user;
    }

    public static void AuthorizeResource(RbacModel rbac, string user, string verb, RequestInfo info, ResourceType type)
    {
        var (allowed, reason) = rbac.Authorize(user, new AccessAttributes(verb, info.Group, info.Resource, info.Subresource, info.Namespace, info.Name));
        if (!allowed)
        {
            throw StatusObjects.Forbidden(type, info.Resource, info.Group, info.Subresource, info.Name, info.Namespace, user, verb, reason);
        }
    }

    /// <summary>Non-resource paths (/version, /api, /healthz…) need a nonResourceURLs rule, as system:discovery grants.</summary>
    public static void AuthorizePath(RbacModel rbac, string user, string method, string path)
    {
        if (!rbac.Enabled)
        {
            return;
        }

        var verb = method switch
        {
            "GET" or "HEAD" => "get",
            "POST" => "post",
            "PUT" => "put",
            "PATCH" => "patch",
            "DELETE" => "delete",
            _ => method.ToLowerInvariant(),
        };
        var (allowed, reason) = rbac.Authorize(user, AccessAttributes.NonResource(verb, path));
        if (!allowed)
        {
            var message = $"forbidden: User \"{user}\" cannot {verb} path \"{path}\"" + (reason.Length > 0 ? $": {reason}" : "");
            throw new ApiException(403, "Forbidden", message, new JsonObject());
        }
    }

    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");
}
