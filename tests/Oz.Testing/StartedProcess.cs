using System.Collections.Concurrent;
using System.Diagnostics;

namespace Oz.Testing;

/// <summary>
/// A command left running while the test works with it (an operator, a script): both output streams
/// are read line by line as they come, so the pipes never fill and a failure message can show the
/// last lines; it is stopped with a signal as the kubelet or a terminal would, and killed, with what
/// it started, when disposed while still running.
/// </summary>
public sealed class StartedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private bool _disposed;

    private StartedProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line written so far, on either stream, in the order read.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>Starts <paramref name="info"/> (built with <see cref="ProcessRunner.StartInfo"/>: both streams redirected).</summary>
    public static StartedProcess Start(ProcessStartInfo info) =>
        new(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}."));

    /// <summary>The last lines written, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', _lines.TakeLast(lines));

    /// <summary>Sends <paramref name="signal"/> (TERM, INT, KILL…) to the process alone.</summary>
    public void Signal(string signal) => ProcessRunner.Signal(_process.Id, signal);

    /// <summary>Waits for the exit and returns the exit code; fails the test after the timeout.</summary>
    public async Task<int> WaitForExitAsync(string what, TimeSpan? timeout = null)
    {
        await Eventually.Within(_process.WaitForExitAsync(), what, timeout).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Whether the process exits within <paramref name="timeout"/>, for a test that explains a failure itself.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>SIGTERM, as the kubelet stops a container, then the exit; returns the exit code.</summary>
    /// <exception cref="TimeoutException">The process did not exit within <paramref name="timeout"/>.</exception>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            Signal("TERM");
        }

        await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, then the exit: nothing is cleaned up, as when a node dies or the OOM killer strikes.</summary>
    /// <exception cref="TimeoutException">The process did not exit within <paramref name="timeout"/>.</exception>
    public async Task KillAsync(TimeSpan timeout)
    {
        _process.Kill();
        await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return ValueTask.CompletedTask;
        }

        _disposed = true;

        // A test that failed before it stopped the process must not leave it, or what it started, running.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
        }
    }
}
