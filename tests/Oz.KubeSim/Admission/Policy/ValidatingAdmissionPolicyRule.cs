using Oz.KubeSim.Cel;
using Oz.KubeSim.Security;

namespace Oz.KubeSim.Admission.Policy;

/// <summary>
/// The ValidatingAdmissionPolicy plugin: every binding whose policy and match constraints select
/// the request evaluates the policy's matchConditions, variables and validations (CEL) once per
/// parameter object, and acts on a failure as the binding's validationActions say (Deny, Warn,
/// Audit). A denial is the API server's Forbidden-wrapped text with the validation's reason
/// (default Invalid, 422).
/// </summary>
public sealed class ValidatingAdmissionPolicyRule(ObjectStore store, ResourceRegistry registry) : IAdmissionRule
{
    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request.Type.Group == "admissionregistration.k8s.io")
        {
            return AdmissionDecision.Allow;
        }

        var namespaceObject = request.Type.Namespaced && request.Namespace.Length > 0
            ? store.Get(BuiltInResources.Namespaces, "", request.Namespace)?.ToJsonObject()
            : null;
        IReadOnlyDictionary<string, string>? namespaceLabels = request.Type == BuiltInResources.Namespaces
            ? JsonPath.StringMap(JsonPath.Get(request.Object, "metadata.labels"))
            : namespaceObject is null ? null : JsonPath.StringMap(JsonPath.Get(namespaceObject, "metadata.labels"));
        var warnings = new List<string>();
        foreach (var binding in store.List(SecurityResources.ValidatingAdmissionPolicyBindings, null).Items.Select(b => b.ToJsonObject()))
        {
            var bindingName = JsonPath.GetString(binding, "metadata.name") ?? "";
            var policy = store.Get(SecurityResources.ValidatingAdmissionPolicies, "", JsonPath.GetString(binding, "spec.policyName") ?? "")?.ToJsonObject();
            if (policy is null
                || !PolicyMatch.Matches(JsonPath.Get(policy, "spec.matchConstraints") as JsonObject, request, namespaceLabels)
                || !PolicyMatch.Matches(JsonPath.Get(binding, "spec.matchResources") as JsonObject, request, namespaceLabels))
            {
                continue;
            }

            var policyName = JsonPath.GetString(policy, "metadata.name") ?? "";
            var actions = (JsonPath.Get(binding, "spec.validationActions") as JsonArray ?? []).Select(a => a?.GetValue<string>()).ToList();
            var ignoreErrors = JsonPath.GetString(policy, "spec.failurePolicy") == "Ignore";
            foreach (var failure in Evaluate(policy, binding, request, namespaceObject, ignoreErrors))
            {
                if (actions.Contains("Deny"))
                {
                    var message = $"ValidatingAdmissionPolicy '{policyName}' with binding '{bindingName}' denied request: {failure.Message}";
                    return AdmissionDecision.Deny(Denial(request, message, failure.Reason));
                }

                if (actions.Contains("Warn"))
                {
                    warnings.Add($"Validation failed for ValidatingAdmissionPolicy '{policyName}' with binding '{bindingName}': {failure.Message}");
                }
            }
        }

        return new AdmissionDecision(null, warnings);
    }

    private IEnumerable<(string Message, string Reason)> Evaluate(JsonObject policy, JsonObject binding, AdmissionRequest request, JsonObject? namespaceObject, bool ignoreErrors)
    {
        var (parameters, missing) = ParamsFor(policy, binding, request);
        if (missing is not null)
        {
            yield return (missing, "Invalid");
            yield break;
        }

        foreach (var param in parameters)
        {
            var vars = PolicyVariables.For(request, namespaceObject, param);
            (string, string)? result;
            try
            {
                result = FirstFailure(policy, vars);
            }
            catch (Exception e) when (e is CelEvalException or CelCompileException)
            {
                result = ignoreErrors ? null : (e.Message, "Invalid");
            }

            if (result is { } failure)
            {
                yield return failure;
            }
        }
    }

    /// <summary>The first failed validation for one parameter object, or null when all pass (or a matchCondition is false).</summary>
    private static (string Message, string Reason)? FirstFailure(JsonObject policy, Dictionary<string, object?> vars)
    {
        foreach (var condition in (JsonPath.Get(policy, "spec.matchConditions") as JsonArray ?? []).OfType<JsonObject>())
        {
            if (Run(JsonPath.GetString(condition, "expression") ?? "", vars) is not true)
            {
                return null;
            }
        }

        var variables = (Dictionary<string, object?>)vars["variables"]!;
        foreach (var variable in (JsonPath.Get(policy, "spec.variables") as JsonArray ?? []).OfType<JsonObject>())
        {
            variables[JsonPath.GetString(variable, "name") ?? ""] = Run(JsonPath.GetString(variable, "expression") ?? "", vars);
        }

        foreach (var validation in (JsonPath.Get(policy, "spec.validations") as JsonArray ?? []).OfType<JsonObject>())
        {
            var expression = JsonPath.GetString(validation, "expression") ?? "";
            if (Run(expression, vars) is true)
            {
                continue;
            }

            var message = JsonPath.GetString(validation, "message");
            if (JsonPath.GetString(validation, "messageExpression") is { Length: > 0 } messageExpression)
            {
                try
                {
                    if (Run(messageExpression, vars) is string m && m.Trim().Length > 0)
                    {
                        message = m;
                    }
                }
                catch (CelEvalException)
                {
                    // A failing messageExpression falls back to message, as the API server does.
                }
            }

            return (string.IsNullOrEmpty(message) ? $"failed expression: {expression}" : message, JsonPath.GetString(validation, "reason") ?? "Invalid");
        }

        return null;
    }

    private static object? Run(string expression, Dictionary<string, object?> vars)
    {
        try
        {
            return CelProgram.Compile(expression, PolicyVariables.Names).Evaluate(vars);
        }
        catch (CelEvalException e)
        {
            throw new CelEvalException($"expression '{expression}' resulted in error: {e.Message}");
        }
    }

    /// <summary>The parameter objects of a binding (one null when the policy takes none), or the denial when none is found and the binding says Deny.</summary>
    private (IReadOnlyList<JsonObject?> Params, string? Missing) ParamsFor(JsonObject policy, JsonObject binding, AdmissionRequest request)
    {
        if (JsonPath.Get(policy, "spec.paramKind") is not JsonObject paramKind)
        {
            return ([null], null);
        }

        var paramRef = JsonPath.Get(binding, "spec.paramRef") as JsonObject;
        var type = registry.FindByKind(JsonPath.GetString(paramKind, "apiVersion") ?? "", JsonPath.GetString(paramKind, "kind") ?? "");
        var found = new List<JsonObject?>();
        if (type is not null && paramRef is not null)
        {
            var ns = type.Namespaced ? JsonPath.GetString(paramRef, "namespace") is { Length: > 0 } given ? given : request.Namespace : "";
            if (JsonPath.GetString(paramRef, "name") is { Length: > 0 } name)
            {
                if (store.Get(type, ns, name) is { } one)
                {
                    found.Add(one.ToJsonObject());
                }
            }
            else
            {
                found.AddRange(store.List(type, type.Namespaced ? ns : null).Items
                    .Where(p => SelectorMatch.Matches(paramRef["selector"], p.Labels))
                    .Select(p => (JsonObject?)p.ToJsonObject()));
            }
        }

        if (found.Count > 0)
        {
            return (found, null);
        }

        var action = paramRef is null ? null : JsonPath.GetString(paramRef, "parameterNotFoundAction");
        return action == "Deny" ? ([], "no params found for policy binding with `Deny` parameterNotFoundAction") : ([], null);
    }

    private static ApiException Denial(AdmissionRequest request, string message, string reason)
    {
        var subject = string.IsNullOrEmpty(request.Name) ? request.Type.GroupResource : $"{request.Type.GroupResource} \"{request.Name}\"";
        var text = $"{subject} is forbidden: {message}";
        var details = StatusObjects.Details(request.Type, request.Name);
        details["causes"] = new JsonArray(new JsonObject { ["message"] = message });
        var code = reason switch
        {
            "Forbidden" => 403,
            "Unauthorized" => 401,
            "RequestEntityTooLarge" => 413,
            _ => 422,
        };
        return new ApiException(code, reason, text, details);
    }
}
