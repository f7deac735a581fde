using Oz.Operator.K3sTests.Cluster;

namespace Oz.Operator.K3sTests.Contract;

/// <summary>
/// The run's shared K3s as a contract-suite cluster. Starting it is where a missing Docker engine
/// turns into a skip: the contract base calls <see cref="StartAsync"/> before any test body runs.
/// Disposing leaves the shared container running (the setup fixture owns it).
/// </summary>
public sealed class K3sClusterProvider : IClusterProvider
{
    private K3sCluster? _cluster;

    public string Name => "k3s";

    public IKubernetes Client => (_cluster ?? SharedK3s.Require()).Client;

    public Task StartAsync()
    {
        _cluster = SharedK3s.Require();
        return Task.CompletedTask;
    }

    public IKubernetes ClientForToken(string token)
    {
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile((_cluster ?? SharedK3s.Require()).KubeconfigPath);
        config.AccessToken = token;
        config.ClientCertificateData = null;
        config.ClientCertificateKeyData = null;
        config.ClientCertificateFilePath = null;
        config.ClientKeyFilePath = null;
        return new k8s.Kubernetes(config);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
