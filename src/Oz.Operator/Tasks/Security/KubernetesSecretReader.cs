using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Oz.Operator.Tasks.Security;

/// <summary><see cref="ISecretReader"/> as one GET against the API server (the Role's <c>get secrets</c>).</summary>
public sealed class KubernetesSecretReader(IKubernetes kubernetes) : ISecretReader
{
    public async Task<V1Secret?> ReadSecretAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.CoreV1.ReadNamespacedSecretAsync(name, @namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
