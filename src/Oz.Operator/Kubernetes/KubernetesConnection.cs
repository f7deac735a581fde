using k8s;

namespace Oz.Operator.Kubernetes;

/// <summary>A resolved client configuration and, for messages, where it came from.</summary>
public sealed record KubernetesConnection(KubernetesClientConfiguration Configuration, string Source)
{
    public string Server => Configuration.Host;
}
