namespace Oz.KubeSim.Api;

/// <summary>Who asks and how: the user, dry-run, field manager, and the warnings collected for the response.</summary>
public sealed record RequestContext(string User, bool DryRun = false, string? FieldManager = null)
{
    public List<string> Warnings { get; } = [];

    /// <summary>Field validation directive (Strict, Warn, Ignore) from the request, when given.</summary>
    public string? FieldValidation { get; init; }

    /// <summary>
    /// The request came from an API client (not an in-process controller): its body is decoded as
    /// the API server decodes it, so unknown fields meet the field validation directive.
    /// </summary>
    public bool FromClient { get; init; }

    /// <summary>The write came through events.k8s.io/v1 onto a stored core/v1 Event (stricter update validation).</summary>
    public bool ViaEventsV1 { get; init; }

    /// <summary>The request's User-Agent header, when it came over HTTP.</summary>
    public string? UserAgent { get; init; }

    /// <summary>
    /// The field manager writes are recorded under: ?fieldManager, else the User-Agent up to its
    /// first '/' (as the API server derives it), else the in-process controller's name.
    /// </summary>
    public string Manager =>
        !string.IsNullOrEmpty(FieldManager) ? FieldManager
        : !string.IsNullOrEmpty(UserAgent) ? UserAgent.Split('/')[0]
        : User[(User.LastIndexOf(':') + 1)..];

    public static RequestContext Controller(string name) => new($"system:serviceaccount:kube-system:{name}");
}
