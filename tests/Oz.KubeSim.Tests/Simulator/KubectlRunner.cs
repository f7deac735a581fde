using System.Diagnostics;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Runs kubectl against a simulator through a kubeconfig written for it.</summary>
public sealed class KubectlRunner(string kubeconfig)
{
    /// <summary>Runs kubectl to completion (30 s at most) and returns its exit code, stdout and stderr.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>As <see cref="RunAsync"/>, with stdout and stderr as one text (stdout first).</summary>
    public async Task<(int Code, string Output)> RunCombinedAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args);
        return (code, stdout + stderr);
    }

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>); the caller reads and kills it.</summary>
    public Process Start(params string[] args) => Process.Start(StartInfo(args))!;

    private ProcessStartInfo StartInfo(string[] args)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(kubeconfig);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
