using Oz.Operator.Cli;
using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.EndToEnd.Host;

/// <summary>
/// One operator process as far as the cluster can tell: the real <see cref="OperatorHost"/> with its
/// own components and client, authenticating with its own token so that the simulator's request log
/// tells the replicas apart.
/// </summary>
internal sealed class HostReplica : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource stop = new();
    private readonly ILoggerFactory loggers;

    private HostReplica(KubeSimServer sim, string user, OperatorOptions options, Func<string, string?>? environment)
    {
        User = user;
        sim.Rbac.AddToken(user, user);
        var connection = new KubernetesConnection(new KubernetesClientConfiguration { Host = sim.Url, AccessToken = user }, "kubesim");

        // By default no POD_NAME, POD_NAMESPACE or WARP_API_KEY: a random identity and no Oz connection.
        // OZ_E2E_LOG=1 shows the operators' logs (console format) when a test needs explaining.
        loggers = Environment.GetEnvironmentVariable("OZ_E2E_LOG") == "1"
            ? LoggingSetup.Create(options with { LogFormat = "console", LogLevel = "Debug" })
            : NullLoggerFactory.Instance;
        Components = OperatorComponents.Create(options, connection, loggers, environment ?? (_ => null));
        Run = Task.Run(() => OperatorHost.RunAsync(Components, loggers, stop.Token));
    }

    /// <summary>The user the simulator records for this replica's requests.</summary>
    public string User { get; }

    public OperatorComponents Components { get; }

    /// <summary>The host's run; completes with its exit code.</summary>
    public Task<int> Run { get; }

    public string Identity => Components.Election.Identity;

    public static HostReplica Start(KubeSimServer sim, string user, OperatorOptions options, Func<string, string?>? environment = null) =>
        new(sim, user, options, environment);

    /// <summary>The health listener's base URL once it is up.</summary>
    public async Task<Uri> HealthUrlAsync()
    {
        await Eventually.Until(() => Components.Health.Port != 0, "the health listener");
        return new Uri($"http://127.0.0.1:{Components.Health.Port}");
    }

    /// <summary>Cancels the host (SIGTERM) and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await stop.CancelAsync();
        try
        {
            return await Run.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"operator replica {User} did not stop within {Timeout}");
        }
    }

    /// <summary>Stops the host and releases its components even when it would not stop; each bounded.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Run.IsCompleted)
            {
                await StopAsync();
            }
        }
        finally
        {
            try
            {
                await Components.DisposeAsync().AsTask().WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the components of operator replica {User} were not released within {Timeout}");
            }
            finally
            {
                stop.Dispose();
                loggers.Dispose();
            }
        }
    }
}
