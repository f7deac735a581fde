using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// The two API calls an <see cref="Informer{T}"/> needs for one resource in one scope (a namespace
/// or all): list, and watch from a resourceVersion. Keeping them behind this seam lets tests script
/// the stream and lets any resource (built-in or custom) share one informer.
/// </summary>
/// <remarks>
/// A watch that cannot resume because its resourceVersion is too old must throw (an HTTP 410, or a
/// <see cref="KubernetesException"/> whose status code is 410); see <see cref="WatchErrors.IsGone"/>.
/// </remarks>
public interface IListerWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>A full, consistent list and the resourceVersion to watch from.</summary>
    Task<ListResult<T>> ListAsync(string? labelSelector, CancellationToken cancellationToken);

    /// <summary>Events after <see cref="WatchRequest.ResourceVersion"/>, until the server ends the stream.</summary>
    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(WatchRequest request, CancellationToken cancellationToken);
}
