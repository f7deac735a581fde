using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// <see cref="IListerWatcher{T}"/> over one collection of the API: lists through the client's typed
/// list call, in pages of <c>pageSize</c> (the <see cref="ListPager"/>); watches the collection at
/// <paramref name="watchPath"/> with the client's HTTP pipeline, decoding each event from the
/// response's UTF-8 lines (<see cref="WatchStream"/>, <see cref="WatchEventLine"/>). ERROR events of
/// the stream (e.g. 410 Gone) come out as the <see cref="KubernetesException"/> carrying their
/// Status; an event that does not decode as the <see cref="UndecodableWatchEventException"/> naming
/// its object. Watch events are decoded with <paramref name="decodeOptions"/>: a subset of the client's
/// options (<see cref="ClientJsonSubset"/>) leaves out what the informer's transform would drop anyway,
/// without building it first; the client's options without managedFields when null.
/// </summary>
public sealed class KubernetesListerWatcher<T, TList>(
    k8s.Kubernetes client, ListCall<TList> call, string watchPath, int pageSize = ListPager.DefaultPageSize, JsonSerializerOptions? decodeOptions = null) : IListerWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IItems<T>, IKubernetesObject<V1ListMeta>
{
    private readonly JsonSerializerOptions decode = decodeOptions ?? ClientJsonSubset.WithoutManagedFields;

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
        using var response = await WatchStream.OpenAsync(client, watchPath, request, cancellationToken).ConfigureAwait(false);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var line in WatchStream.LinesAsync(stream, cancellationToken).ConfigureAwait(false))
        {
            // Decoded before the next line is read: the line is a view of the read buffer.
            yield return WatchEventLine.Decode<T>(line, decode);
        }
    }
}
