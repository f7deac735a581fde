using k8s.Autorest;
using Testcontainers.K3s;

namespace Oz.Operator.K3sTests.Cluster;

/// <summary>
/// One K3s node in a container for the whole test run, with the AgentTask CRD from config/crd
/// installed and its kubeconfig written to a file (the operator is given that file, as a user would).
/// <see cref="ConnectAsync"/> uses an existing cluster instead (e.g. kind, k3d or the simulator).
/// </summary>
public sealed class K3sCluster : IAsyncDisposable
{
    /// <summary>Pinned so that a new K3s release never changes what the tests see; OZ_K3S_IMAGE overrides it.</summary>
    public const string DefaultImage = "rancher/k3s:v1.31.11-k3s1";

    /// <summary>Names a kubeconfig file: the tests then use that cluster and start no container.</summary>
    public const string ExistingClusterVariable = "OZ_TEST_KUBECONFIG";

    private readonly K3sContainer? _container;

    private K3sCluster(K3sContainer? container, string kubeconfigPath, IKubernetes client)
    {
        _container = container;
        KubeconfigPath = kubeconfigPath;
        Client = client;
    }

    public string KubeconfigPath { get; }

    public IKubernetes Client { get; }

    public static string Image =>
        Environment.GetEnvironmentVariable("OZ_K3S_IMAGE") is { Length: > 0 } image ? image : DefaultImage;

    public static async Task<K3sCluster> StartAsync(CancellationToken cancellationToken)
    {
        var container = new K3sBuilder(Image).Build();
        try
        {
            await container.StartAsync(cancellationToken);
            var kubeconfigPath = Path.Combine(Path.GetTempPath(), $"oz-k3s-{Guid.NewGuid():N}.kubeconfig");
            await File.WriteAllTextAsync(kubeconfigPath, await container.GetKubeconfigAsync(), cancellationToken);
            var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
            await InstallCrdAsync(client, cancellationToken);
            return new K3sCluster(container, kubeconfigPath, client);
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>An existing cluster (its kubeconfig file is left as it is); installs or updates the CRD.</summary>
    public static async Task<K3sCluster> ConnectAsync(string kubeconfigPath, CancellationToken cancellationToken)
    {
        var client = new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));
        try
        {
            await InstallCrdAsync(client, cancellationToken);
            return new K3sCluster(null, kubeconfigPath, client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>A fresh namespace with the given labels (e.g. a Pod Security level).</summary>
    public async Task<string> CreateNamespaceAsync(string prefix, IDictionary<string, string>? labels = null)
    {
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (_container is not null)
        {
            File.Delete(KubeconfigPath);
            await _container.DisposeAsync();
        }
    }

    private static async Task InstallCrdAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        foreach (var manifest in RepositoryPaths.CrdManifests)
        {
            await InstallCrdAsync(client, manifest, cancellationToken);
        }
    }

    private static async Task InstallCrdAsync(IKubernetes client, string manifest, CancellationToken cancellationToken)
    {
        var crd = await KubernetesYaml.LoadFromFileAsync<V1CustomResourceDefinition>(manifest);
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode == 409)
        {
            // An existing cluster from an earlier run: bring its CRD up to date.
            var existing = await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken);
            crd.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.ApiextensionsV1.ReplaceCustomResourceDefinitionAsync(crd, crd.Metadata.Name, cancellationToken: cancellationToken);
        }

        await Eventually.UntilAsync(
            () => client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken),
            served => served.Status?.Conditions?.Any(c => c is { Type: "Established", Status: "True" }) == true,
            () => $"CRD {crd.Metadata.Name} to be established",
            retryOn: e => e is HttpOperationException { Response.StatusCode: System.Net.HttpStatusCode.NotFound },
            cancellationToken: cancellationToken,
            timeout: TimeSpan.FromSeconds(60));
    }
}
