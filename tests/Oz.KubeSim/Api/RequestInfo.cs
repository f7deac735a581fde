namespace Oz.KubeSim.Api;

/// <summary>What a resource request addresses, parsed from its path as the API server's RequestInfoFactory does.</summary>
public sealed record RequestInfo(string Group, string Version, string Resource, string? Namespace, string? Name, string? Subresource, bool WatchPath)
{
    public static RequestInfo? Parse(string path, Func<string, string, string, bool> isResource)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int start;
        string group;
        string version;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, start) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, start) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var rest = parts[start..];
        var watch = false;
        if (rest.Length > 0 && rest[0] == "watch")
        {
            watch = true;
            rest = rest[1..];
        }

        if (rest.Length == 0)
        {
            return null;
        }

        if (rest[0] == "namespaces" && rest.Length >= 3 && isResource(group, version, rest[2]))
        {
            return new RequestInfo(group, version, rest[2], rest[1], At(rest, 3), At(rest, 4), watch);
        }

        return new RequestInfo(group, version, rest[0], null, At(rest, 1), At(rest, 2), watch);
    }

    private static string? At(string[] parts, int index) => index < parts.Length ? parts[index] : null;
}
