namespace Oz.KubeSim.Tests.Fixtures;

/// <summary>
/// A Kubernetes cluster the contract suite runs against: the simulator here, a real K3s later.
/// Contract tests only use <see cref="Client"/>, so they pin what both must do alike.
/// </summary>
public interface IClusterProvider : IAsyncDisposable
{
    string Name { get; }

    IKubernetes Client { get; }

    Task StartAsync();

    /// <summary>A client of the same cluster that authenticates with a bearer token (e.g. a service account's).</summary>
    IKubernetes ClientForToken(string token);
}
