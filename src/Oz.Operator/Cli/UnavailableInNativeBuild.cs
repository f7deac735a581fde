using System.Runtime.CompilerServices;
using Oz.Operator.Hosting;

namespace Oz.Operator.Cli;

/// <summary>
/// Commands the Native AOT build (the container image's binary) cannot run, because they go through
/// KubernetesClient's reflection-based YAML or the CRD generator's reflection over the models: they
/// say so and exit instead of failing with a runtime message.
/// </summary>
internal static class UnavailableInNativeBuild
{
    /// <summary>Whether this process is a native build (no code generation at run time).</summary>
    public static bool IsNativeBuild => !RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>Reports that <paramref name="command"/> needs the .NET build; returns the exit code.</summary>
    public static int Report(CliContext context, string command, string instead)
    {
        context.Error.WriteLine($"oz-operator: '{command}' is not available in this native build of oz-operator; {instead}, " +
            $"or run it from the .NET build (dotnet run --project src/Oz.Operator -- {command}).");
        return ExitCodes.RuntimeError;
    }
}
