namespace Oz.KubeSim.Security;

/// <summary>An authenticated user: name and groups, as the authenticators hand them to authorization and admission.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public const string Anonymous = "system:anonymous";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>
    /// The groups a user name stands for here: the admin users are system:masters, a service
    /// account is in system:serviceaccounts and system:serviceaccounts:NS, and everyone but the
    /// anonymous user is system:authenticated.
    /// </summary>
    public static UserInfo ForName(string name)
    {
        if (name == Anonymous)
        {
            return new UserInfo(name, ["system:unauthenticated"]);
        }

        if (name is "kubernetes-admin" or "system:admin")
        {
            return new UserInfo(name, ["system:masters", "system:authenticated"]);
        }

        if (ServiceAccountOf(name) is { } sa)
        {
            return new UserInfo(name, ["system:serviceaccounts", $"system:serviceaccounts:{sa.Namespace}", "system:authenticated"]);
        }

        return new UserInfo(name, ["system:authenticated"]);
    }

    /// <summary>The namespace and name of a "system:serviceaccount:NS:NAME" user.</summary>
    public static (string Namespace, string Name)? ServiceAccountOf(string user)
    {
        if (!user.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = user[ServiceAccountPrefix.Length..].Split(':');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? (parts[0], parts[1]) : null;
    }
}
