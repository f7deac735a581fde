namespace Oz.KubeSim.Tests.Fixtures;

/// <summary>The simulator as a contract-suite cluster; <see cref="Sim"/> gives simulator-only hooks.</summary>
public sealed class KubeSimClusterProvider(KubeSimOptions? options = null) : IClusterProvider
{
    private KubeSimServer? _sim;

    public string Name => "kubesim";

    public KubeSimServer Sim => _sim ?? throw new InvalidOperationException("not started");

    public IKubernetes Client => Sim.Client;

    public IKubernetes ClientForToken(string token) => Sim.CreateClient(token);

    public async Task StartAsync() => _sim = await KubeSimServer.StartAsync(options ?? new KubeSimOptions { ClockSpeed = 20 });

    public async ValueTask DisposeAsync()
    {
        if (_sim is not null)
        {
            await _sim.DisposeAsync();
        }
    }
}
