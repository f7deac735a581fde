using Oz.KubeSim.Security;

namespace Oz.KubeSim.Api;

/// <summary>
/// POST serviceaccounts/NAME/token (what <c>kubectl create token</c> sends): answers an
/// authentication.k8s.io/v1 TokenRequest whose token authenticates as the service account.
/// </summary>
internal static class TokenRequests
{
    private const long DefaultSeconds = 3600;
    private const long MinimumSeconds = 600;
    private static readonly ResourceType TokenRequestType = new("authentication.k8s.io", "v1", "tokenrequests", "TokenRequest", true);

    public static JsonObject Answer(ResourceApi api, ServiceAccountTokens tokens, string ns, string name, JsonObject request)
    {
        var account = api.Get(BuiltInResources.ServiceAccounts, ns, name);
        var seconds = JsonPath.GetLong(request, "spec.expirationSeconds") ?? DefaultSeconds;
        if (seconds < MinimumSeconds)
        {
            throw StatusObjects.Invalid(TokenRequestType, name, [FieldError.Invalid("spec.expirationSeconds", seconds.ToString(CultureInfo.InvariantCulture), "may not specify a duration less than 10 minutes")]);
        }

        var audiences = (JsonPath.Get(request, "spec.audiences") as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() ?? [];
        if (audiences.Count == 0)
        {
            audiences = [ServiceAccountTokens.Issuer];
        }

        // Tokens expire by the wall clock, not the simulated one: a sped-up clock must not expire a client's credentials.
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddSeconds(seconds);
        return new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = JsonPath.Get(request, "spec.boundObjectRef")?.DeepClone(),
            },
            ["status"] = new JsonObject
            {
                ["token"] = tokens.Issue(ns, name, account.Uid, audiences, now, expires),
                ["expirationTimestamp"] = JsonPath.Timestamp(expires),
            },
        };
    }
}
