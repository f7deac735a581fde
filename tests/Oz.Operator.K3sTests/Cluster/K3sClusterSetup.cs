using Oz.Operator.K3sTests.Cluster;
using Oz.Operator.K3sTests.Contract;

namespace Oz.Operator.K3sTests;

// In the root namespace of the project, so it wraps every fixture: they all share the one container.

/// <summary>
/// Starts K3s once for the run when a Docker engine answers (or connects to the cluster named by
/// OZ_TEST_KUBECONFIG). Without Docker it only records why: a failing OneTimeSetUp here would turn
/// every test into a failure instead of a skip.
/// </summary>
[SetUpFixture]
public sealed class K3sClusterSetup
{
    private static readonly TimeSpan DockerProbeTimeout = TimeSpan.FromSeconds(3);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        ContractCoverage.Verify();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        if (Environment.GetEnvironmentVariable(K3sCluster.ExistingClusterVariable) is { Length: > 0 } kubeconfig)
        {
            SharedK3s.Started(await K3sCluster.ConnectAsync(kubeconfig, timeout.Token));
            return;
        }

        if (await DockerProbe.UnavailableReasonAsync(DockerProbeTimeout) is { } reason)
        {
            SharedK3s.Unavailable(reason);
            TestContext.Progress.WriteLine($"K3s tests skipped: {SharedK3s.SkipReasonPrefix}: {reason}");
            return;
        }

        SharedK3s.Started(await K3sCluster.StartAsync(timeout.Token));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (SharedK3s.TakeForDisposal() is { } cluster)
        {
            await cluster.DisposeAsync();
        }
    }
}
