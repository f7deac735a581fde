namespace Oz.KubeSim.Api;

/// <summary>
/// One page of a list, chosen from a snapshot in key order as the API server's storage does:
/// up to <c>limit</c> matching objects from the start key on. There is a next page when the page is
/// full and any key of the scope follows — matching or not, so with a selector the last page may
/// be empty. <see cref="RemainingItemCount"/> is set only without selectors: the storage counts
/// keys, not matches, and the API server does not report a count it knows to be wrong.
/// </summary>
public sealed record ListPage(IReadOnlyList<StoredObject> Items, bool HasMore, long? RemainingItemCount)
{
    /// <param name="sorted">The snapshot, every object of the resource in key order.</param>
    /// <param name="scope">The key prefix of the list (<c>ns/</c>, or empty for all namespaces).</param>
    /// <param name="startKey">The first key to consider (from a continue token), or null.</param>
    /// <param name="limit">The page size, or null for no paging.</param>
    /// <param name="labels">The label selector objects must match.</param>
    /// <param name="fields">The field selector objects must match.</param>
    public static ListPage Select(IReadOnlyList<StoredObject> sorted, string scope, string? startKey, long? limit, LabelSelector labels, FieldSelector fields)
    {
        var first = startKey is not null && string.CompareOrdinal(startKey, scope) > 0 ? startKey : scope;
        var end = LowerBound(sorted, first);
        var selectsAll = labels.IsEmpty && fields.IsEmpty;
        var items = new List<StoredObject>();
        for (; end < sorted.Count && sorted[end].Key.StartsWith(scope, StringComparison.Ordinal); end++)
        {
            if (items.Count == limit)
            {
                var remaining = selectsAll ? CountInScope(sorted, end, scope) : (long?)null;
                return new ListPage(items, HasMore: true, remaining);
            }

            var item = sorted[end];
            if (labels.Matches(item.Labels) && fields.Matches(item))
            {
                items.Add(item);
            }
        }

        return new ListPage(items, HasMore: false, null);
    }

    private static long CountInScope(IReadOnlyList<StoredObject> sorted, int from, string scope)
    {
        if (scope.Length == 0)
        {
            return sorted.Count - from;
        }

        // Keys of one scope are contiguous; the first key past it is the lower bound of the prefix with its last character raised.
        var past = scope[..^1] + (char)(scope[^1] + 1);
        return LowerBound(sorted, past) - from;
    }

    private static int LowerBound(IReadOnlyList<StoredObject> sorted, string key)
    {
        int low = 0, high = sorted.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (string.CompareOrdinal(sorted[mid].Key, key) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
