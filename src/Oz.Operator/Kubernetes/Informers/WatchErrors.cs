using System.Net;
using k8s;
using k8s.Autorest;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Classifies list/watch failures.</summary>
public static class WatchErrors
{
    /// <summary>
    /// True for "410 Gone / Expired": the requested resourceVersion is older than the server's
    /// history, so the only way forward is a fresh list.
    /// </summary>
    public static bool IsGone(Exception exception) => exception switch
    {
        KubernetesException { Status: { } status } => status.Code == (int)HttpStatusCode.Gone
            || string.Equals(status.Reason, "Expired", StringComparison.Ordinal)
            || string.Equals(status.Reason, "Gone", StringComparison.Ordinal),
        HttpOperationException { Response: { } response } => response.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };
}
