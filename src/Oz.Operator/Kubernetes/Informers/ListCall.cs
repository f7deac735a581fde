using k8s.Autorest;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// One generated KubernetesClient list operation (e.g. <c>ListNamespacedJobWithHttpMessagesAsync</c>)
/// with its arguments mapped from <see cref="ListCallArgs"/>; called with <c>watch: true</c> it opens a watch.
/// </summary>
public delegate Task<HttpOperationResponse<TList>> ListCall<TList>(ListCallArgs args, CancellationToken cancellationToken);
