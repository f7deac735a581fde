using System.Text.Json.Nodes;
using Oz.KubeSim.Api;
using Oz.KubeSim.Json;
using Oz.KubeSim.Store;

namespace Oz.KubeSim.Admission;

/// <summary>
/// Pod Security admission at "baseline" or "restricted" level for the given namespaces (all when
/// null): pods that violate it are rejected with 403; Jobs are admitted with a warning, as the
/// real admission does, so the failure shows up as the Job controller's FailedCreate.
/// </summary>
public sealed class PodSecurityRule(string level, IReadOnlyCollection<string>? namespaces = null) : IAdmissionRule
{
    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request.Operation != AdmissionOperation.Create || (namespaces is not null && !namespaces.Contains(request.Namespace)))
        {
            return AdmissionDecision.Allow;
        }

        var spec = request.Type == BuiltInResources.Pods ? request.Object["spec"] as JsonObject
            : request.Type == BuiltInResources.Jobs ? JsonPath.Get(request.Object, "spec.template.spec") as JsonObject
            : null;
        if (spec is null)
        {
            return AdmissionDecision.Allow;
        }

        var violations = Violations(spec);
        if (violations.Count == 0)
        {
            return AdmissionDecision.Allow;
        }

        var summary = $"PodSecurity \"{level}:latest\": {string.Join(", ", violations)}";
        return request.Type == BuiltInResources.Pods
            ? AdmissionDecision.Deny(new ApiException(403, "Forbidden", $"pods \"{request.Name}\" is forbidden: violates {summary}", StatusObjects.Details(request.Type, request.Name)))
            : AdmissionDecision.Warn($"would violate {summary}");
    }

    private List<string> Violations(JsonObject spec)
    {
        var containers = new[] { "initContainers", "containers" }
            .SelectMany(l => (spec[l] as JsonArray)?.OfType<JsonObject>() ?? []).ToList();
        var podContext = spec["securityContext"] as JsonObject;
        var result = new List<string>();
        var privileged = Names(containers.Where(c => JsonPath.GetBool(c, "securityContext.privileged") == true));
        if (privileged.Count > 0)
        {
            result.Add($"privileged ({Subject(privileged)} must not set securityContext.privileged=true)");
        }

        var hostFlags = new[] { "hostNetwork", "hostPID", "hostIPC" }.Where(f => JsonPath.GetBool(spec, f) == true).Select(f => $"{f}=true").ToList();
        if (hostFlags.Count > 0)
        {
            result.Add($"host namespaces ({string.Join(", ", hostFlags)})");
        }

        var hostPaths = (spec["volumes"] as JsonArray)?.OfType<JsonObject>().Where(v => v["hostPath"] is not null).Select(v => $"\"{JsonPath.GetString(v, "name")}\"").ToList() ?? [];
        if (hostPaths.Count > 0)
        {
            result.Add($"hostPath volumes (volume{(hostPaths.Count > 1 ? "s" : "")} {string.Join(", ", hostPaths)})");
        }

        if (level != "restricted")
        {
            return result;
        }

        var escalation = Names(containers.Where(c => JsonPath.GetBool(c, "securityContext.allowPrivilegeEscalation") != false));
        if (escalation.Count > 0)
        {
            result.Add($"allowPrivilegeEscalation != false ({Subject(escalation)} must set securityContext.allowPrivilegeEscalation=false)");
        }

        var capabilities = Names(containers.Where(c => !((JsonPath.Get(c, "securityContext.capabilities.drop") as JsonArray)?.Any(d => d?.GetValue<string>() == "ALL") ?? false)));
        if (capabilities.Count > 0)
        {
            result.Add($"unrestricted capabilities ({Subject(capabilities)} must set securityContext.capabilities.drop=[\"ALL\"])");
        }

        var podNonRoot = JsonPath.GetBool(podContext, "runAsNonRoot") == true;
        var rootish = Names(containers.Where(c => JsonPath.GetBool(c, "securityContext.runAsNonRoot") is var v && (v == false || (v is null && !podNonRoot))));
        if (rootish.Count > 0)
        {
            result.Add($"runAsNonRoot != true (pod or {Subject(rootish)} must set securityContext.runAsNonRoot=true)");
        }

        var rootUser = Names(containers.Where(c => JsonPath.GetLong(c, "securityContext.runAsUser") == 0));
        if (JsonPath.GetLong(podContext, "runAsUser") == 0)
        {
            result.Add("runAsUser=0 (pod must not set runAsUser=0)");
        }
        else if (rootUser.Count > 0)
        {
            result.Add($"runAsUser=0 ({Subject(rootUser)} must not set runAsUser=0)");
        }

        var podSeccomp = JsonPath.GetString(podContext, "seccompProfile.type") is "RuntimeDefault" or "Localhost";
        var seccomp = Names(containers.Where(c => !podSeccomp && JsonPath.GetString(c, "securityContext.seccompProfile.type") is not ("RuntimeDefault" or "Localhost")));
        if (seccomp.Count > 0)
        {
            result.Add($"seccompProfile (pod or {Subject(seccomp)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
        }

        return result;
    }

    private static List<string> Names(IEnumerable<JsonObject> containers) => [.. containers.Select(c => JsonPath.GetString(c, "name") ?? "")];

    private static string Subject(List<string> names) =>
        names.Count == 1 ? $"container \"{names[0]}\"" : $"containers {string.Join(", ", names.Select(n => $"\"{n}\""))}";
}
