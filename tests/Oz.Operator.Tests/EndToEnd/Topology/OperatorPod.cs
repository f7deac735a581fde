using System.Globalization;
using System.Net.Sockets;

namespace Oz.Operator.Tests.EndToEnd.Topology;

/// <summary>
/// One replica of a rendered Deployment as a real <c>oz-operator</c> process: the container's args
/// (its config file written where <c>--config</c> points), its environment resolved as the kubelet
/// resolves it (POD_NAME and POD_NAMESPACE from the downward API, WARP_API_KEY from the Secret) and
/// the ServiceAccount's token in a kubeconfig, which is all an in-cluster pod has. Only the ports
/// move (several replicas share this machine's loopback).
/// </summary>
internal sealed class OperatorPod : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(20);
    private readonly StartedProcess process;

    private OperatorPod(string name, string ns, string healthPort, StartedProcess process)
    {
        Name = name;
        HealthUrl = new Uri($"http://localhost:{healthPort}/");
        Namespace = ns;
        this.process = process;
    }

    /// <summary>The pod's name (POD_NAME), which is also its leader-election identity.</summary>
    public string Name { get; }

    public string Namespace { get; }

    /// <summary>The pod's health endpoint (readyz, livez), on the port given to this process.</summary>
    public Uri HealthUrl { get; }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    /// <param name="manifests">The rendered install whose Deployment this pod belongs to.</param>
    /// <param name="name">The pod's name.</param>
    /// <param name="kubeconfig">A kubeconfig holding the ServiceAccount's token.</param>
    /// <param name="workDirectory">Where the config file goes.</param>
    /// <param name="extraEnvironment">Variables an overlay would add (kustomize has no values to set).</param>
    public static OperatorPod Start(InstallManifests manifests, string name, string kubeconfig, string workDirectory, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var container = manifests.Deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single(c => (string?)c!["name"] == "operator")!;
        var configFile = Path.Combine(workDirectory, $"{name}-config.yaml");
        File.WriteAllText(configFile, manifests.ConfigFile);

        var args = container["args"]!.AsArray().Select(a => (string)a!).ToList();
        var config = args.IndexOf("--config");
        Assert.That(config, Is.GreaterThanOrEqualTo(0), $"{manifests.Source}: the operator container's args name no --config");
        args[config + 1] = configFile;
        var healthPort = FreePort();
        args.AddRange(["--kubeconfig", kubeconfig, "--health-port", healthPort, "--metrics-port", FreePort()]);
        var start = ProcessRunner.StartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "oz-operator.dll"), .. args], workDirectory);

        // Nothing of the test runner's environment that the operator reads may leak in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("OZ_", StringComparison.Ordinal) || k is "WARP_API_KEY" or "KUBECONFIG" or "POD_NAME" or "POD_NAMESPACE").ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var env in container["env"]?.AsArray() ?? [])
        {
            if (Resolve(manifests, env!.AsObject(), name) is { } value)
            {
                start.Environment[(string)env["name"]!] = value;
            }
        }

        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return new OperatorPod(name, manifests.DeploymentNamespace, healthPort, StartedProcess.Start(start));
    }

    /// <summary>SIGTERM, as the kubelet stops a container; returns the exit code.</summary>
    public Task<int> TerminateAsync() => process.TerminateAsync(StopTimeout);

    /// <summary>SIGKILL: the node died or the OOM killer struck; nothing is cleaned up, the Lease is not released.</summary>
    public Task KillAsync() => process.KillAsync(StopTimeout);

    /// <summary>The last lines the process wrote, for failure messages.</summary>
    public string Tail(int lines = 40) => $"--- {Name} ---\n" + process.Tail(lines);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try
            {
                await TerminateAsync();
            }
            catch (TimeoutException)
            {
                // Killed, with what it started, below.
            }
        }

        await process.DisposeAsync();
    }

    private static string? Resolve(InstallManifests manifests, JsonObject env, string podName)
    {
        if (env["value"] is { } literal)
        {
            return (string?)literal;
        }

        var from = env["valueFrom"];
        if (from?["fieldRef"]?["fieldPath"] is { } field)
        {
            return (string?)field switch
            {
                "metadata.name" => podName,
                "metadata.namespace" => manifests.DeploymentNamespace,
                var other => throw new InvalidOperationException($"{manifests.Source}: fieldRef {other} is not resolved by the suite"),
            };
        }

        if (from?["secretKeyRef"] is { } secretRef)
        {
            var secret = manifests.Objects.SingleOrDefault(o => (string?)o["kind"] == "Secret" && (string?)o["metadata"]!["name"] == (string?)secretRef["name"]);
            var data = secret?["data"]?[(string)secretRef["key"]!];
            if (data is null)
            {
                // optional: true, or a Secret the user creates: the variable stays unset.
                return null;
            }

            return Encoding.UTF8.GetString(Convert.FromBase64String((string)data!));
        }

        throw new InvalidOperationException($"{manifests.Source}: env {env.ToJsonString()} is not resolved by the suite");
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
