using System.Diagnostics;

namespace Oz.Bench.Harness;

/// <summary>
/// The oz-operator executable the process mode measures: the one named with <c>--operator</c>, or a
/// fresh <c>dotnet publish</c> of src/Oz.Operator (Release, self-contained for linux-x64 as the
/// container image is built) into bench-results/publish.
/// </summary>
public static class OperatorBinary
{
    public static async Task<string> ResolveAsync(string? explicitPath, CancellationToken cancellationToken)
    {
        if (explicitPath is not null)
        {
            var full = Path.GetFullPath(explicitPath);
            return File.Exists(full) ? full : throw new FileNotFoundException($"--operator: no such file: {full}");
        }

        var root = RepositoryPaths.Root();
        var output = Path.Combine(root, "bench-results", "publish");
        var project = Path.Combine(root, "src", "Oz.Operator", "Oz.Operator.csproj");
        Console.Error.WriteLine($"bench: publishing the operator into {output} …");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-p:DebugType=None", "-p:DebugSymbols=false" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var publish = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
        var stdout = publish.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = publish.StandardError.ReadToEndAsync(cancellationToken);
        await publish.WaitForExitAsync(cancellationToken);
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({publish.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        return Path.Combine(output, "oz-operator");
    }
}
