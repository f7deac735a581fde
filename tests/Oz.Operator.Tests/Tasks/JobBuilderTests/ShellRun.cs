using System.Diagnostics;

namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>Runs generated scripts with a real POSIX shell, as the pod would.</summary>
internal sealed class ShellRun : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly Process process;
    private readonly Task<string> stderr;

    private ShellRun(Process process)
    {
        this.process = process;
        stderr = process.StandardError.ReadToEndAsync();
    }

    /// <summary>
    /// The shells present on this machine that task images commonly use as /bin/sh (dash on
    /// Debian/Ubuntu, bash, busybox ash on Alpine), each once even when /bin/sh links to one of them.
    /// </summary>
    public static IEnumerable<string> Shells() =>
        new[] { "/bin/sh", "/usr/bin/dash", "/usr/bin/bash", "/bin/busybox" }
            .Where(File.Exists)
            .DistinctBy(path => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path);

    /// <summary>Starts <c>shell -c script name args…</c>.</summary>
    public static ShellRun Start(string shell, string script, string name, IEnumerable<string> args, IDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(shell)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        if (shell.EndsWith("busybox", StringComparison.Ordinal))
        {
            info.ArgumentList.Add("sh");
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(name);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new ShellRun(Process.Start(info) ?? throw new InvalidOperationException($"could not start {shell}"));
    }

    public int ProcessId => process.Id;

    /// <summary>Waits for the exit; returns the exit code and what was written to stderr.</summary>
    public async Task<(int ExitCode, string Stderr)> WaitAsync()
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cancellation.Token);
        return (process.ExitCode, await stderr);
    }

    /// <summary>Sends SIGTERM, as the kubelet does on pod deletion (Process.Kill would send SIGKILL).</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public static async Task WaitForFileAsync(string path)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!File.Exists(path))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} did not appear within {Timeout}");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
