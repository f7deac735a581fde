using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Lister/watchers of the resources the operator watches, in one namespace or (null) all.</summary>
public static class KubernetesListerWatchers
{
    public static IListerWatcher<V1Job> Jobs(IKubernetes client, string? ns, int pageSize = ListPager.DefaultPageSize) =>
        new KubernetesListerWatcher<V1Job, V1JobList>((a, ct) => ns is null
            ? client.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct)
            : client.BatchV1.ListNamespacedJobWithHttpMessagesAsync(
                ns, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct),
            pageSize);

    public static IListerWatcher<V1Pod> Pods(IKubernetes client, string? ns, int pageSize = ListPager.DefaultPageSize) =>
        new KubernetesListerWatcher<V1Pod, V1PodList>((a, ct) => ns is null
            ? client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct)
            : client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(
                ns, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct),
            pageSize);

    /// <summary>A custom resource, typed by <typeparamref name="T"/> and its list type <typeparamref name="TList"/>.</summary>
    public static IListerWatcher<T> CustomObjects<T, TList>(IKubernetes client, string group, string version, string plural, string? ns, int pageSize = ListPager.DefaultPageSize)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IKubernetesObject<V1ListMeta> =>
        new KubernetesListerWatcher<T, TList>((a, ct) => ns is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<TList>(
                group, version, plural, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector,
                resourceVersion: a.ResourceVersion, timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<TList>(
                group, version, ns, plural, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector,
                resourceVersion: a.ResourceVersion, timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct),
            pageSize);

    // Unset rather than false for lists, so the request is a plain list.
    private static bool? WatchFlag(ListCallArgs args) => args.Watch ? true : null;
}
