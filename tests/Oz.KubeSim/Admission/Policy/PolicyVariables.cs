using Oz.KubeSim.Cel;
using Oz.KubeSim.Security;

namespace Oz.KubeSim.Admission.Policy;

/// <summary>The CEL variables a ValidatingAdmissionPolicy expression sees: object, oldObject, request, params, namespaceObject, variables.</summary>
public static class PolicyVariables
{
    public static readonly IReadOnlyList<string> Names = ["object", "oldObject", "request", "params", "namespaceObject", "variables", "authorizer"];

    public static Dictionary<string, object?> For(AdmissionRequest request, JsonObject? namespaceObject, JsonObject? param)
    {
        var user = UserInfo.ForName(request.User);
        var isDelete = request.Operation == AdmissionOperation.Delete;
        var kind = new Dictionary<string, object?> { ["group"] = request.Type.Group, ["version"] = request.Type.Version, ["kind"] = request.Type.Kind };
        var resource = new Dictionary<string, object?> { ["group"] = request.Type.Group, ["version"] = request.Type.Version, ["resource"] = request.Type.Plural };
        var req = new Dictionary<string, object?>
        {
            ["kind"] = kind,
            ["resource"] = resource,
            ["requestKind"] = kind,
            ["requestResource"] = resource,
            ["subResource"] = request.Subresource ?? "",
            ["name"] = request.Name,
            ["namespace"] = request.Namespace,
            ["operation"] = request.Operation.ToString().ToUpperInvariant(),
            ["userInfo"] = new Dictionary<string, object?>
            {
                ["username"] = user.Name,
                ["groups"] = user.Groups.Cast<object?>().ToList(),
            },
            ["dryRun"] = request.DryRun,
        };
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = isDelete ? null : CelValues.FromJson(request.Object),
            ["oldObject"] = request.OldObject is null ? null : CelValues.FromJson(request.OldObject),
            ["request"] = req,
            ["params"] = param is null ? null : CelValues.FromJson(param),
            ["namespaceObject"] = namespaceObject is null ? null : CelValues.FromJson(namespaceObject),
            ["variables"] = new Dictionary<string, object?>(StringComparer.Ordinal),
            ["authorizer"] = null,
        };
    }
}
