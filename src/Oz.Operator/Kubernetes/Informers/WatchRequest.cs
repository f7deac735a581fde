namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Parameters of one watch call.</summary>
/// <param name="ResourceVersion">Deliver events after this version (from a list, the last event or a bookmark).</param>
/// <param name="LabelSelector">Server-side filter; null watches everything in scope.</param>
/// <param name="AllowBookmarks">Ask for BOOKMARK events, which advance the resourceVersion without a change.</param>
/// <param name="TimeoutSeconds">The server ends the stream after this long, so streams rotate.</param>
public sealed record WatchRequest(string ResourceVersion, string? LabelSelector, bool AllowBookmarks, int TimeoutSeconds);
