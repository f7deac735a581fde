namespace Oz.Operator.OzWorker.Protocol;

/// <summary>Session sharing chosen for the run; <c>public_access</c> is VIEWER or EDITOR.</summary>
public sealed record SessionSharing
{
    public const string Viewer = "VIEWER";
    public const string Editor = "EDITOR";

    public string? PublicAccess { get; init; }
}
