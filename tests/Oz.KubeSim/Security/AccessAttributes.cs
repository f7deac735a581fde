namespace Oz.KubeSim.Security;

/// <summary>What a request asks to do, as authorizers see it: a resource request, or a path when <see cref="Path"/> is set.</summary>
public sealed record AccessAttributes(string Verb, string Group, string Resource, string? Subresource, string? Namespace, string? Name)
{
    /// <summary>The URL path of a non-resource request (/version, /healthz, /api…); null for resource requests.</summary>
    public string? Path { get; init; }

    public bool IsResourceRequest => Path is null;

    public static AccessAttributes NonResource(string verb, string path) => new(verb, "", "", null, null, null) { Path = path };
}
