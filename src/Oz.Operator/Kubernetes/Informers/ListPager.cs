using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Reads a list in pages (<c>limit</c>, then <c>continue</c> until the server sends none), as
/// client-go's pager does, so a large collection never needs one giant response. Every page of one
/// list is served from the first page's snapshot, so the pages together are one consistent list at
/// the first page's resourceVersion.
/// </summary>
/// <remarks>
/// A continue token expires when the server compacts past its snapshot (410 Gone, reason Expired).
/// Then, like client-go's pager with <c>FullListIfExpired</c>, the whole list is read again in one
/// unpaged request: a fresh consistent list, only larger. A 410 on the first page is the caller's.
/// </remarks>
public static class ListPager
{
    /// <summary>client-go's default page size.</summary>
    public const int DefaultPageSize = 500;

    /// <summary>One page: the items, the list's resourceVersion and the token of the next page (null or empty on the last).</summary>
    public sealed record Page<T>(IReadOnlyList<T> Items, string ResourceVersion, string? Continue);

    public static async Task<ListResult<T>> ListAsync<T>(
        Func<int?, string?, CancellationToken, Task<Page<T>>> fetchPage,
        int pageSize,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var items = new List<T>();
        string? token = null;
        while (true)
        {
            Page<T> page;
            try
            {
                page = await fetchPage(pageSize, token, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (token is not null && WatchErrors.IsGone(ex))
            {
                var full = await fetchPage(null, null, cancellationToken).ConfigureAwait(false);
                return new ListResult<T>(full.Items, full.ResourceVersion);
            }

            items.AddRange(page.Items);
            if (string.IsNullOrEmpty(page.Continue))
            {
                return new ListResult<T>(items, page.ResourceVersion);
            }

            token = page.Continue;
        }
    }
}
