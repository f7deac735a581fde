using System.Text.Json;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Lister/watchers of the resources the operator watches, in one namespace or (null) all.</summary>
public static class KubernetesListerWatchers
{
    /// <summary>Jobs; <paramref name="decodeOptions"/> as <see cref="KubernetesListerWatcher{T, TList}"/> takes them.</summary>
    public static IListerWatcher<V1Job> Jobs(IKubernetes client, string? ns, int pageSize = ListPager.DefaultPageSize, JsonSerializerOptions? decodeOptions = null) =>
        new KubernetesListerWatcher<V1Job, V1JobList>(Concrete(client), (a, ct) => ns is null
            ? client.BatchV1.ListJobForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct)
            : client.BatchV1.ListNamespacedJobWithHttpMessagesAsync(
                ns, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct),
            CollectionPath("apis/batch/v1", ns, "jobs"),
            pageSize,
            decodeOptions);

    /// <summary>Pods; <paramref name="decodeOptions"/> as <see cref="KubernetesListerWatcher{T, TList}"/> takes them.</summary>
    public static IListerWatcher<V1Pod> Pods(IKubernetes client, string? ns, int pageSize = ListPager.DefaultPageSize, JsonSerializerOptions? decodeOptions = null) =>
        new KubernetesListerWatcher<V1Pod, V1PodList>(Concrete(client), (a, ct) => ns is null
            ? client.CoreV1.ListPodForAllNamespacesWithHttpMessagesAsync(
                allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct)
            : client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(
                ns, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector, resourceVersion: a.ResourceVersion,
                timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct),
            CollectionPath("api/v1", ns, "pods"),
            pageSize,
            decodeOptions);

    /// <summary>A custom resource, typed by <typeparamref name="T"/> and its list type <typeparamref name="TList"/>.</summary>
    public static IListerWatcher<T> CustomObjects<T, TList>(IKubernetes client, string group, string version, string plural, string? ns, int pageSize = ListPager.DefaultPageSize)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : IItems<T>, IKubernetesObject<V1ListMeta> =>
        new KubernetesListerWatcher<T, TList>(Concrete(client), (a, ct) => ns is null
            ? client.CustomObjects.ListClusterCustomObjectWithHttpMessagesAsync<TList>(
                group, version, plural, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector,
                resourceVersion: a.ResourceVersion, timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct)
            : client.CustomObjects.ListNamespacedCustomObjectWithHttpMessagesAsync<TList>(
                group, version, ns, plural, allowWatchBookmarks: a.AllowWatchBookmarks, labelSelector: a.LabelSelector,
                resourceVersion: a.ResourceVersion, timeoutSeconds: a.TimeoutSeconds, watch: WatchFlag(a), limit: a.Limit, continueParameter: a.Continue, cancellationToken: ct),
            CollectionPath($"apis/{group}/{version}", ns, plural),
            pageSize);

    /// <summary>The collection's path below the API server's base address, in one namespace or (null) all.</summary>
    public static string CollectionPath(string groupVersionPath, string? ns, string plural) =>
        ns is null ? $"{groupVersionPath}/{plural}" : $"{groupVersionPath}/namespaces/{Uri.EscapeDataString(ns)}/{plural}";

    // Watches are sent with the client's HTTP pipeline (WatchStream), which the interface does not expose.
    private static k8s.Kubernetes Concrete(IKubernetes client) =>
        client as k8s.Kubernetes ?? throw new ArgumentException("watches need the KubernetesClient's Kubernetes client", nameof(client));

    // Unset rather than false for lists, so the request is a plain list.
    private static bool? WatchFlag(ListCallArgs args) => args.Watch ? true : null;
}
