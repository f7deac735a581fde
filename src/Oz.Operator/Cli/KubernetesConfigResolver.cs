using k8s;
using k8s.Exceptions;
using Oz.Operator.Configuration;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Cli;

/// <summary>
/// Finds the cluster to talk to, in the order controller-runtime uses: the configured kubeconfig
/// (--kubeconfig, OZ_KUBECONFIG or the file's kubeconfig key), then $KUBECONFIG, then the
/// in-cluster service account when KUBERNETES_SERVICE_HOST is set, then ~/.kube/config.
/// Unlike KubernetesClientConfiguration.BuildDefaultConfig it never falls back to
/// http://localhost:8080: finding nothing is an error that says what was tried.
/// </summary>
public static class KubernetesConfigResolver
{
    public static KubernetesConnection Resolve(OperatorOptions options, IReadOnlyDictionary<string, string> environment)
    {
        if (options.Kubeconfig is { Length: > 0 } explicitPath)
        {
            return FromFile(explicitPath, $"kubeconfig {explicitPath}");
        }

        if (environment.TryGetValue("KUBECONFIG", out var variable) && variable.Length > 0)
        {
            // KubernetesClient cannot merge several files publicly; the first existing one is used
            // (it is also the one whose current-context kubectl would pick).
            var path = variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(File.Exists);
            return path is not null
                ? FromFile(path, $"KUBECONFIG file {path}")
                : throw new KubernetesConfigException($"KUBECONFIG is set to '{variable}' but names no existing file");
        }

        if (environment.TryGetValue("KUBERNETES_SERVICE_HOST", out var serviceHost) && serviceHost.Length > 0)
        {
            try
            {
                return new KubernetesConnection(KubernetesClientConfiguration.InClusterConfig(), "in-cluster service account");
            }
            catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException)
            {
                throw new KubernetesConfigException($"KUBERNETES_SERVICE_HOST is set but the in-cluster configuration cannot be read: {e.Message}", e);
            }
        }

        var home = environment.TryGetValue("HOME", out var homeVariable) && homeVariable.Length > 0 ? homeVariable
            : environment.TryGetValue("USERPROFILE", out var profile) && profile.Length > 0 ? profile
            : null;
        var defaultPath = home is null ? null : Path.Combine(home, ".kube", "config");
        if (defaultPath is not null && File.Exists(defaultPath))
        {
            return FromFile(defaultPath, $"kubeconfig {defaultPath}");
        }

        throw new KubernetesConfigException(
            "no Kubernetes configuration found: pass --kubeconfig, set KUBECONFIG, or run inside a cluster " +
            $"(checked: kubeconfig setting, KUBECONFIG, KUBERNETES_SERVICE_HOST, {defaultPath ?? "~/.kube/config (no HOME)"})");
    }

    private static KubernetesConnection FromFile(string path, string source)
    {
        if (!File.Exists(path))
        {
            throw new KubernetesConfigException($"kubeconfig file '{path}' does not exist");
        }

        try
        {
            var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigReader.Read(path));
            return string.IsNullOrEmpty(configuration.Host)
                ? throw new KubernetesConfigException($"{source} names no API server")
                : new KubernetesConnection(configuration, source);
        }
        catch (Exception e) when (e is KubeConfigException or IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or FormatException)
        {
            throw new KubernetesConfigException($"cannot use {source}: {e.Message}", e);
        }
    }
}
