namespace Oz.KubeSim.Api;

/// <summary>Who asks and how: the user, dry-run, field manager, and the warnings collected for the response.</summary>
public sealed record RequestContext(string User, bool DryRun = false, string? FieldManager = null)
{
    public List<string> Warnings { get; } = [];

    /// <summary>Field validation directive (Strict, Warn, Ignore) from the request, when given.</summary>
    public string? FieldValidation { get; init; }

    public static RequestContext Controller(string name) => new($"system:serviceaccount:kube-system:{name}");
}
