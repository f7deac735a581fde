namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>Runs generated scripts with a real POSIX shell, as the pod would.</summary>
internal sealed class ShellRun : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // After the script exits, how long its stderr may stay open (held by a process it started);
    // generous, as the read completes on a thread pool that a loaded machine may starve.
    private static readonly TimeSpan LeftoverGrace = TimeSpan.FromSeconds(5);

    // setsid makes the shell lead its own process group (it execs, so the pid stays the shell's):
    // whatever the script leaves running can then be killed as a group.
    private const string Setsid = "/usr/bin/setsid";

    private readonly Process process;
    private readonly bool ownGroup;
    private readonly Task<string> stderr;

    private ShellRun(Process process, bool ownGroup)
    {
        this.process = process;
        this.ownGroup = ownGroup;
        stderr = process.StandardError.ReadToEndAsync();
        Stdout = process.StandardOutput.ReadToEndAsync();
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
        var ownGroup = File.Exists(Setsid);
        var command = new List<string>();
        if (ownGroup)
        {
            command.Add(shell);
        }

        if (shell.EndsWith("busybox", StringComparison.Ordinal))
        {
            command.Add("sh");
        }

        command.AddRange(["-c", script, name, .. args]);

        // Both streams redirected: a process the script leaves running must never hold the test
        // host's own stdout, which the test runner waits on before the run can end.
        var info = ProcessRunner.StartInfo(ownGroup ? Setsid : shell, command, workingDirectory, environment.ToDictionary(e => e.Key, e => (string?)e.Value));
        return new ShellRun(Process.Start(info) ?? throw new InvalidOperationException($"could not start {shell}"), ownGroup);
    }

    public int ProcessId => process.Id;

    /// <summary>What the script wrote to stdout (its own pipe, read to the end).</summary>
    public Task<string> Stdout { get; }

    /// <summary>Waits for the exit; returns the exit code and what was written to stderr.</summary>
    /// <exception cref="TimeoutException">The script did not exit in time.</exception>
    /// <exception cref="ShellLeftoverException">The script exited but left processes running.</exception>
    public async Task<(int ExitCode, string Stderr)> WaitAsync()
    {
        using var cancellation = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"the script did not exit within {Timeout}");
        }

        // stderr ends only when every process holding it has exited: one still holding it is a
        // process the script left running (an agent the wrapper did not stop), which would make
        // this wait, and the test run, hang for as long as that process lives.
        try
        {
            return (process.ExitCode, await stderr.WaitAsync(LeftoverGrace));
        }
        catch (TimeoutException)
        {
            KillGroup();
            throw new ShellLeftoverException($"the script exited with {process.ExitCode} but left processes running that held its stderr (killed)");
        }
    }

    /// <summary>Sends SIGTERM, as the kubelet does on pod deletion (Process.Kill would send SIGKILL).</summary>
    public void Terminate() => ProcessRunner.Signal(process.Id, "TERM");

    public static Task WaitForFileAsync(string path) => Eventually.Until(() => File.Exists(path), $"{path} to appear");

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after the shared timeout.</summary>
    public static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.Until(condition, what);

    public void Dispose()
    {
        // A test that failed before WaitAsync may leave the script, or what it started, running.
        if (!process.HasExited || !stderr.IsCompleted)
        {
            KillGroup();
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    /// <summary>
    /// SIGKILLs the script's process group. Only called while a member is known to live (the shell,
    /// or a process holding stderr), so the group id cannot have been reused.
    /// </summary>
    private void KillGroup()
    {
        if (!ownGroup)
        {
            return;
        }

        ProcessRunner.Signal(process.Id, "KILL", processGroup: true);
    }
}
