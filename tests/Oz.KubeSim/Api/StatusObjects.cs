namespace Oz.KubeSim.Api;

/// <summary>Builds metav1.Status objects and the errors the API server returns, with its exact wording.</summary>
public static class StatusObjects
{
    public static JsonObject Failure(int code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        status["code"] = code;
        return status;
    }

    public static JsonObject Success(ResourceType type, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = Details(type, name, uid),
    };

    public static JsonObject Details(ResourceType type, string? name, string? uid = null)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Plural;
        if (!string.IsNullOrEmpty(uid))
        {
            details["uid"] = uid;
        }

        return details;
    }

    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found", Details(type, name));

    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{type.GroupResource} \"{name}\" already exists", Details(type, name));

    public static ApiException Conflict(ResourceType type, string name, string why = "the object has been modified; please apply your changes to the latest version and try again") =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {type.GroupResource} \"{name}\": {why}", Details(type, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException TooManyRequests(int retryAfterSeconds) =>
        new(429, "TooManyRequests", "Too many requests, please try again later.", new JsonObject { ["retryAfterSeconds"] = retryAfterSeconds })
        {
            RetryAfterSeconds = retryAfterSeconds,
        };

    public static ApiException InternalError(string message) =>
        new(500, "InternalError", $"Internal error occurred: {message}", new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["message"] = message }) });

    public static ApiException PageNotFound() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    /// <summary>422 Invalid with one cause per field error, as field validation reports them.</summary>
    public static ApiException Invalid(ResourceType type, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Reason, ["message"] = error.Message, ["field"] = error.Field });
        }

        var joined = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }

        details["kind"] = type.Kind;
        details["causes"] = causes;
        var qualifiedKind = type.Group.Length == 0 ? type.Kind : $"{type.Kind}.{type.Group}";
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details);
    }

    /// <summary>422 Invalid for request options (PatchOptions, DeleteOptions…), as meta/v1 option validation reports them.</summary>
    public static ApiException InvalidOptions(string kind, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Reason, ["message"] = error.Message, ["field"] = error.Field });
        }

        var joined = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors.Select(e => e.ToString())) + "]";
        var details = new JsonObject { ["group"] = "meta.k8s.io", ["kind"] = kind, ["causes"] = causes };
        return new ApiException(422, "Invalid", $"{kind}.meta.k8s.io \"\" is invalid: {joined}", details);
    }

    /// <summary>403 as RBAC reports it.</summary>
    public static ApiException Forbidden(ResourceType? type, string resource, string group, string? subresource, string? name, string? ns, string user, string verb, string reason = "")
    {
        var qualified = group.Length == 0 ? resource : $"{resource}.{group}";
        var subject = name is null ? qualified : $"{qualified} \"{name}\"";
        var what = subresource is null ? $"resource \"{resource}\"" : $"resource \"{resource}/{subresource}\"";
        var scope = ns is null or "" ? "at the cluster scope" : $"in the namespace \"{ns}\"";
        var details = new JsonObject();
        if (name is not null)
        {
            details["name"] = name;
        }

        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = type?.Plural ?? resource;
        return new ApiException(403, "Forbidden", $"{subject} is forbidden: User \"{user}\" cannot {verb} {what} in API group \"{group}\" {scope}" + (reason.Length > 0 ? $": {reason}" : ""), details);
    }
}
