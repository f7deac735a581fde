using Oz.KubeSim.Security;

namespace Oz.KubeSim.Api;

/// <summary>Answers SelfSubjectAccessReviews and SelfSubjectRulesReviews from the RBAC model.</summary>
internal static class AccessReviews
{
    public static JsonObject SelfSubjectAccessReview(JsonObject review, RbacModel rbac, string user)
    {
        var attributes = JsonPath.Get(review, "spec.resourceAttributes") as JsonObject;
        var nonResource = JsonPath.Get(review, "spec.nonResourceAttributes") as JsonObject;
        bool allowed;
        if (attributes is not null)
        {
            allowed = rbac.Authorize(user, new AccessAttributes(
                JsonPath.GetString(attributes, "verb") ?? "",
                JsonPath.GetString(attributes, "group") ?? "",
                JsonPath.GetString(attributes, "resource") ?? "",
                NullIfEmpty(JsonPath.GetString(attributes, "subresource")),
                NullIfEmpty(JsonPath.GetString(attributes, "namespace")),
                NullIfEmpty(JsonPath.GetString(attributes, "name")))).Allowed;
        }
        else if (nonResource is not null)
        {
            allowed = rbac.Authorize(user, AccessAttributes.NonResource(JsonPath.GetString(nonResource, "verb") ?? "", JsonPath.GetString(nonResource, "path") ?? "")).Allowed;
        }
        else
        {
            allowed = !rbac.Enabled || rbac.Superusers.Contains(user);
        }

        review["apiVersion"] = "authorization.k8s.io/v1";
        review["kind"] = "SelfSubjectAccessReview";
        var meta = JsonPath.Metadata(review);
        meta["creationTimestamp"] = null;
        var status = new JsonObject { ["allowed"] = allowed };
        if (allowed)
        {
            status["reason"] = rbac.Enabled ? $"RBAC: allowed by RoleBinding of Role to User \"{user}\"" : "kubesim: authorization is not enforced";
        }

        review["status"] = status;
        return review;
    }

    public static JsonObject SelfSubjectRulesReview(JsonObject review, RbacModel rbac, string user)
    {
        review["apiVersion"] = "authorization.k8s.io/v1";
        review["kind"] = "SelfSubjectRulesReview";
        var ns = JsonPath.GetString(review, "spec.namespace");
        var rules = new JsonArray();
        var nonResourceRules = new JsonArray();
        if (!rbac.Enabled || rbac.Superusers.Contains(user))
        {
            rules.Add(new JsonObject { ["verbs"] = new JsonArray("*"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*") });
        }
        else
        {
            foreach (var rule in rbac.StoredRules?.RulesOf(UserInfo.ForName(user), ns) ?? [])
            {
                if (rule["nonResourceURLs"] is not null)
                {
                    nonResourceRules.Add(rule.DeepClone());
                }
                else
                {
                    rules.Add(rule.DeepClone());
                }
            }

            foreach (var rule in rbac.Rules.Where(r => (r.User is null || r.User == user) && (r.Namespaces is null || (ns is not null && r.Namespaces.Contains(ns)))))
            {
                rules.Add(new JsonObject
                {
                    ["verbs"] = new JsonArray([.. rule.Verbs.Select(v => (JsonNode)v)]),
                    ["apiGroups"] = new JsonArray([.. rule.Groups.Select(v => (JsonNode)v)]),
                    ["resources"] = new JsonArray([.. rule.Resources.Select(v => (JsonNode)v)]),
                });
            }
        }

        review["status"] = new JsonObject { ["resourceRules"] = rules, ["nonResourceRules"] = nonResourceRules, ["incomplete"] = false };
        return review;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
