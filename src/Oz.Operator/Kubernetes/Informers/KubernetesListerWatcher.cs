using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// <see cref="IListerWatcher{T}"/> over one KubernetesClient list operation: the same call lists
/// (<c>watch</c> unset) and watches (<c>watch=true</c>). ERROR events of the stream (e.g. 410 Gone)
/// come out as the <see cref="KubernetesException"/> carrying their Status.
/// </summary>
public sealed class KubernetesListerWatcher<T, TList>(ListCall<TList> call) : IListerWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IKubernetesObject<V1ListMeta>
{
    public async Task<ListResult<T>> ListAsync(string? labelSelector, CancellationToken cancellationToken)
    {
        using var response = await call(new ListCallArgs(labelSelector, null, Watch: false, null, null), cancellationToken).ConfigureAwait(false);
        var list = response.Body;
        return new ListResult<T>([.. list.Items ?? []], list.Metadata?.ResourceVersion ?? "");
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        WatchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The client reports ERROR events and undecodable lines to onError and keeps reading; the
        // informer needs them as a failed stream, so remember the first and throw it.
        Exception? streamError = null;
        var response = call(
            new ListCallArgs(request.LabelSelector, request.ResourceVersion, Watch: true, request.AllowBookmarks, request.TimeoutSeconds),
            cancellationToken);
#pragma warning disable CS0618 // Marked obsolete in 21.x, yet the only typed watch that takes a resourceVersion for custom resources.
        var events = response.WatchAsync<T, TList>(e => streamError ??= e, cancellationToken);
#pragma warning restore CS0618
        await foreach (var (type, obj) in events.ConfigureAwait(false))
        {
            if (streamError is not null)
            {
                break;
            }

            yield return (type, obj);
        }

        if (streamError is not null)
        {
            throw streamError;
        }
    }
}
