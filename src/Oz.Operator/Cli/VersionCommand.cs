using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using Oz.Operator.Hosting;

namespace Oz.Operator.Cli;

/// <summary>`oz-operator version`: the operator's version and commit, the .NET runtime and the KubernetesClient version.</summary>
public sealed class VersionCommand : ICliCommand
{
    public Command Create(CliContext context)
    {
        var command = new Command("version", "Print version information.");
        command.SetAction(_ =>
        {
            var (version, commit) = Split(InformationalVersion(typeof(VersionCommand).Assembly));
            var (clientVersion, _) = Split(InformationalVersion(typeof(k8s.Kubernetes).Assembly));
            context.Output.WriteLine($"oz-operator {version}");
            context.Output.WriteLine($"commit: {commit ?? "unknown"}");
            context.Output.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
            context.Output.WriteLine($"KubernetesClient: {clientVersion}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The SDK appends "+&lt;commit&gt;" to the informational version when built from git.</summary>
    internal static (string Version, string? Commit) Split(string informationalVersion)
    {
        var plus = informationalVersion.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? (informationalVersion, null) : (informationalVersion[..plus], informationalVersion[(plus + 1)..]);
    }
}
