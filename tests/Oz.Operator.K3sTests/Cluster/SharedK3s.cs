namespace Oz.Operator.K3sTests.Cluster;

/// <summary>
/// The run's K3s cluster, started by <see cref="K3sClusterSetup"/>. Without a Docker engine there is
/// no cluster and every test calls <see cref="Require"/> before anything else, which ignores it.
/// </summary>
public static class SharedK3s
{
    public const string SkipReasonPrefix = "Docker engine not available";

    private static K3sCluster? cluster;
    private static string unavailableReason = "the K3s setup fixture did not run";

    /// <summary>The cluster; ignores the current test (NUnit reports it skipped) when there is none.</summary>
    public static K3sCluster Require()
    {
        if (cluster is null)
        {
            Assert.Ignore($"{SkipReasonPrefix}: {unavailableReason}");
        }

        return cluster!;
    }

    /// <summary>The cluster when one was started; null without a Docker engine (never ignores).</summary>
    public static K3sCluster? Available => cluster;

    internal static void Started(K3sCluster started) => cluster = started;

    internal static void Unavailable(string reason) => unavailableReason = reason;

    internal static K3sCluster? TakeForDisposal()
    {
        var current = cluster;
        cluster = null;
        return current;
    }
}
