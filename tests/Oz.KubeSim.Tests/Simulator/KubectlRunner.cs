using System.Diagnostics;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Runs kubectl against a simulator through a kubeconfig written for it.</summary>
public sealed class KubectlRunner(string kubeconfig)
{
    /// <summary>Runs kubectl to completion (30 s at most) and returns its exit code, stdout and stderr.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var result = await ProcessRunner.RunAsync(StartInfo(args), TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.StandardOutput, result.StandardError);
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
        var info = ProcessRunner.StartInfo("kubectl", ["--kubeconfig", kubeconfig, .. args]);
        info.RedirectStandardInput = true;
        return info;
    }
}
