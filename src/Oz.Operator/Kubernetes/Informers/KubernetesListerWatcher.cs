using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// <see cref="IListerWatcher{T}"/> over one KubernetesClient list operation: the same call lists
/// (<c>watch</c> unset) and watches (<c>watch=true</c>). ERROR events of the stream (e.g. 410 Gone)
/// come out as the <see cref="KubernetesException"/> carrying their Status; an event that does not
/// decode as the <see cref="UndecodableWatchEventException"/> naming its object. Lists are read in
/// pages of <c>pageSize</c> by the <see cref="ListPager"/>.
/// </summary>
public sealed class KubernetesListerWatcher<T, TList>(ListCall<TList> call, int pageSize = ListPager.DefaultPageSize) : IListerWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IKubernetesObject<V1ListMeta>
{
    public Task<ListResult<T>> ListAsync(string? labelSelector, CancellationToken cancellationToken) =>
        ListPager.ListAsync(
            async (limit, token, ct) =>
            {
                using var response = await call(new ListCallArgs(labelSelector, null, Watch: false, null, null, limit, token), ct).ConfigureAwait(false);
                var list = response.Body;
                return new ListPager.Page<T>([.. list.Items ?? []], list.Metadata?.ResourceVersion ?? "", list.Metadata?.ContinueProperty);
            },
            pageSize,
            cancellationToken);

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        WatchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The client reports ERROR events and lines that are not watch events to onError and keeps
        // reading; the informer needs an ERROR as a failed stream, so remember the first and throw it.
        // Objects are decoded in the client's pass over each event (DecodedWatchObject): one that does
        // not fit T ends the stream with an UndecodableWatchEventException naming it, which the
        // informer steps past.
        Exception? streamError = null;
        var response = call(
            new ListCallArgs(request.LabelSelector, request.ResourceVersion, Watch: true, request.AllowBookmarks, request.TimeoutSeconds),
            cancellationToken);
#pragma warning disable CS0618 // Marked obsolete in 21.x, yet the only typed watch that takes a resourceVersion for custom resources.
        var events = response.WatchAsync<DecodedWatchObject<T>, TList>(e => streamError ??= e, cancellationToken);
#pragma warning restore CS0618
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        while (streamError is null)
        {
            (WatchEventType Type, DecodedWatchObject<T>? Decoded) next;
            try
            {
                if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                next = enumerator.Current;
            }
            catch (JsonException ex)
            {
                // The client reads the first line itself to spot an error answer, and throws on one that is not JSON.
                streamError = ex;
                break;
            }

            if (streamError is not null)
            {
                break;
            }

            yield return (next.Type, next.Decoded?.Object
                ?? throw new UndecodableWatchEventException(null, null, null, null, new JsonException("the event carries no object")));
        }

        switch (streamError)
        {
            case null:
                break;
            case KubernetesException:
                throw streamError;
            default:
                // Not even a watch event (not JSON, an unknown event type): nothing names the object.
                throw new UndecodableWatchEventException(null, null, null, null, streamError);
        }
    }
}
