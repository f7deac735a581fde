using System.Diagnostics;

namespace Oz.Chart.Tests.Support;

/// <summary>Runs a command to completion, capturing its output.</summary>
internal static class ExternalProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Helm must not pick up a user's repositories or plugins.
        startInfo.Environment["HELM_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "oz-chart-tests", "helm-cache");
        startInfo.Environment["HELM_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "oz-chart-tests", "helm-config");
        startInfo.Environment["HELM_DATA_HOME"] = Path.Combine(Path.GetTempPath(), "oz-chart-tests", "helm-data");

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {Timeout}.");
        }

        return new ProcessResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}
