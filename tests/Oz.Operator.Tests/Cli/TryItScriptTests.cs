namespace Oz.Operator.Tests.Cli;

/// <summary>
/// The README's first command, scripts/try-it.sh, run as a user would (without a terminal): it
/// brings up the simulator and the operator, applies the sample, and Ctrl-C stops both.
/// </summary>
[NonParallelizable]
public sealed class TryItScriptTests
{
    private static readonly TimeSpan TaskTimeout = TimeSpan.FromMinutes(2);

    [Test]
    public async Task TheSampleSucceedsAndCtrlCStopsTheOperatorAndTheSimulator()
    {
        foreach (var build in new[] { "src/Oz.Operator/bin/Release/net10.0/oz-operator.dll", "tests/Oz.KubeSim/bin/Release/net10.0/Oz.KubeSim.dll" })
        {
            Assert.That(File.Exists(RepositoryPaths.PathOf(build)), Is.True, $"{build} is missing: build the solution in Release first (./test.sh does)");
        }

        var dir = Directory.CreateTempSubdirectory("oz-try-test").FullName;
        // The operator the script starts must not take the test runner's own pod identity (its Lease
        // would go to a namespace the simulator does not have).
        var environment = new Dictionary<string, string?> { ["OZ_TRY_NO_BUILD"] = "1", ["OZ_TRY_DIR"] = dir, ["POD_NAME"] = null, ["POD_NAMESPACE"] = null };
        var info = ProcessRunner.StartInfo("bash", ["scripts/try-it.sh"], RepositoryPaths.Root, environment);
        using var script = Process.Start(info)!;
        var output = new OutputCollector(script);
        try
        {
            await Eventually.Until(() => output.Text.Contains("kubectl get agenttasks -w", StringComparison.Ordinal) || script.HasExited,
                "try-it.sh prints what to run next", TaskTimeout);
            Assert.That(script.HasExited, Is.False, output.Text);
            Assert.That(output.Text, Does.Contain($"export KUBECONFIG={dir}/kubeconfig"));

            await Eventually.Until(() => Phase(dir) == "Succeeded", "the sample AgentTask reaches Succeeded", TaskTimeout);

            var children = File.ReadAllText(Path.Combine(dir, "pids")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            Assert.That(children, Has.Count.EqualTo(2));
            Signal("INT", script.Id);
            await Eventually.Within(script.WaitForExitAsync(), "try-it.sh exits after Ctrl-C", TimeSpan.FromSeconds(60));

            Assert.Multiple(() =>
            {
                Assert.That(output.Text, Does.Contain("try-it: stopped"));
                Assert.That(children.Where(pid => Directory.Exists($"/proc/{pid}")), Is.Empty, "the operator and the simulator are gone");
            });
        }
        finally
        {
            if (!script.HasExited)
            {
                script.Kill(entireProcessTree: true);
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Phase(string dir)
    {
        var result = ProcessRunner.Run("kubectl", ["--kubeconfig", Path.Combine(dir, "kubeconfig"), "get", "agenttask", "fix-flaky-login-test", "-o", "jsonpath={.status.phase}"]);
        return result.StandardOutput.Trim();
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Both output streams of the script, read as they come so the pipes never fill.</summary>
    private sealed class OutputCollector
    {
        private readonly System.Text.StringBuilder _text = new();

        public OutputCollector(Process process)
        {
            process.OutputDataReceived += (_, e) => Append(e.Data);
            process.ErrorDataReceived += (_, e) => Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_text)
                {
                    _text.AppendLine(line);
                }
            }
        }
    }
}
