using System.Security.Cryptography;
using System.Text;

namespace Oz.KubeSim.Security;

/// <summary>
/// Bound service account tokens as TokenRequest issues them: JWTs signed by a key of this server
/// instance, naming the service account (namespace, name, uid) and expiring at a wall-clock time.
/// A token stops authenticating when it expires or its service account is gone or recreated.
/// </summary>
public sealed class ServiceAccountTokens
{
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    public string Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, DateTimeOffset now, DateTimeOffset expires)
    {
        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
            },
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = $"{UserInfo.ServiceAccountPrefix}{ns}:{name}",
        };
        var unsigned = Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        return unsigned + "." + Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(unsigned)));
    }

    /// <summary>The service account a token names, when it was issued here and has not expired.</summary>
    public (string Namespace, string Name, string Uid)? Validate(string token, DateTimeOffset now)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        var expected = Base64Url(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(parts[0] + "." + parts[1])));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parts[2])))
        {
            return null;
        }

        var claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject;
        if (claims is null || JsonPath.GetLong(claims, "exp") is not { } exp || exp <= now.ToUnixTimeSeconds())
        {
            return null;
        }

        var account = claims["kubernetes.io"] as JsonObject;
        var ns = account is null ? null : JsonPath.GetString(account, "namespace");
        var name = account is null ? null : JsonPath.GetString(account, "serviceaccount.name");
        var uid = account is null ? null : JsonPath.GetString(account, "serviceaccount.uid");
        return ns is null || name is null || uid is null ? null : (ns, name, uid);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
