using Oz.Operator.Configuration;
using Oz.Operator.Hosting;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Cli;

/// <summary>The cluster lookup every command that talks to the API server starts with.</summary>
internal static class ClusterConnection
{
    /// <summary>
    /// Finds the cluster for <paramref name="options"/>; when none can be found, says why on the
    /// error stream and returns null (the caller exits with <see cref="ExitCodes.RuntimeError"/>).
    /// </summary>
    public static KubernetesConnection? ResolveOrReport(OperatorOptions options, CliContext context)
    {
        try
        {
            return KubernetesConfigResolver.Resolve(options, context.Environment);
        }
        catch (KubernetesConfigException e)
        {
            context.Error.WriteLine($"oz-operator: {e.Message}");
            return null;
        }
    }
}
