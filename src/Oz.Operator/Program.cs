using Oz.Operator.Cli;
using Oz.Operator.Kubernetes;

namespace Oz.Operator;

public static class Program
{
    /// <summary>Runs the command line and returns its exit code (0 ok, 1 runtime error, 2 invalid configuration or usage, 3 preflight failed).</summary>
    public static Task<int> Main(string[] args)
    {
        // Before anything serializes: KubernetesClient's options cannot change once used.
        KubernetesModelsJsonContext.Register();
        return OzCli.InvokeAsync(args, CliContext.FromProcess());
    }
}
