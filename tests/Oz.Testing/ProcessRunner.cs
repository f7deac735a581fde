using System.Diagnostics;
using System.Globalization;

namespace Oz.Testing;

/// <summary>Runs external commands (kubectl, helm, dotnet, shells) the way every test project needs them.</summary>
public static class ProcessRunner
{
    /// <summary>How long a command may run before it is killed and the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A start description with both output streams redirected and the arguments passed as a list
    /// (no shell quoting). <paramref name="environment"/> sets variables; a null value removes one
    /// from the inherited environment.
    /// </summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        return info;
    }

    /// <summary>
    /// <see cref="StartInfo"/> for a command a test stops with Ctrl-C (SIGINT), as from a terminal.
    /// A runner started as a background job of a shell without job control (CI scripts, <c>cmd &amp;</c>)
    /// ignores SIGINT, every child inherits that, and bash cannot trap a signal ignored when it started:
    /// such a script would never see the test's Ctrl-C. <c>env --default-signal=INT</c> restores the
    /// default a terminal gives.
    /// </summary>
    public static ProcessStartInfo StartInfoAsFromATerminal(string file, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null) =>
        StartInfo("env", ["--default-signal=INT", file, .. arguments], workingDirectory, environment);

    /// <summary>Runs a command to completion, reading both streams as they come so the pipes never fill.</summary>
    /// <exception cref="TimeoutException">The command ran longer than the timeout (it is killed first).</exception>
    public static async Task<ProcessResult> RunAsync(ProcessStartInfo info, TimeSpan? timeout = null)
    {
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} did not finish within {timeout ?? DefaultTimeout}.");
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <inheritdoc cref="RunAsync(ProcessStartInfo, TimeSpan?)"/>
    public static Task<ProcessResult> RunAsync(string file, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null) =>
        RunAsync(StartInfo(file, arguments, workingDirectory), timeout);

    /// <summary>As <see cref="RunAsync(ProcessStartInfo, TimeSpan?)"/>, for callers that are not asynchronous.</summary>
    public static ProcessResult Run(ProcessStartInfo info, TimeSpan? timeout = null) => RunAsync(info, timeout).GetAwaiter().GetResult();

    /// <inheritdoc cref="Run(ProcessStartInfo, TimeSpan?)"/>
    public static ProcessResult Run(string file, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null) =>
        Run(StartInfo(file, arguments, workingDirectory), timeout);

    /// <summary>
    /// Sends <paramref name="signal"/> (TERM, INT, KILL…) with kill(1), which Process.Kill cannot (it
    /// only sends SIGKILL); <paramref name="processGroup"/> sends it to the whole group led by
    /// <paramref name="processId"/>.
    /// </summary>
    public static void Signal(int processId, string signal, bool processGroup = false)
    {
        var target = (processGroup ? "-" : "") + processId.ToString(CultureInfo.InvariantCulture);
        var result = Run("kill", ["-" + signal, "--", target], timeout: TimeSpan.FromSeconds(10));
        if (!result.Succeeded && !result.StandardError.Contains("No such process", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"kill -{signal} {target}: {result}");
        }
    }
}
