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
        var info = ProcessRunner.StartInfoAsFromATerminal("bash", ["scripts/try-it.sh"], RepositoryPaths.Root, environment);
        var script = StartedProcess.Start(info);
        try
        {
            await Eventually.Until(() => script.Output.Contains("kubectl get agenttasks -w", StringComparison.Ordinal) || script.HasExited,
                "try-it.sh prints what to run next", TaskTimeout);
            Assert.That(script.HasExited, Is.False, script.Output);
            Assert.That(script.Output, Does.Contain($"export KUBECONFIG={dir}/kubeconfig"));

            await Eventually.Until(() => Phase(dir) == "Succeeded", "the sample AgentTask reaches Succeeded", TaskTimeout);

            var children = File.ReadAllText(Path.Combine(dir, "pids")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
            Assert.That(children, Has.Count.EqualTo(2));
            script.Signal("INT");
            if (!await script.ExitsWithinAsync(TimeSpan.FromSeconds(60)))
            {
                Assert.Fail($"try-it.sh did not exit within 60 s of Ctrl-C.\n{StoppingDiagnosis(dir, children, script)}");
            }

            Assert.Multiple(() =>
            {
                Assert.That(script.Output, Does.Contain("try-it: stopped"));
                Assert.That(children.Where(pid => Directory.Exists($"/proc/{pid}")), Is.Empty, "the operator and the simulator are gone");
            });
        }
        finally
        {
            // Disposing the script kills it, with what it started, if the test failed before it stopped.
            await script.DisposeAsync();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>What a failed stop leaves to go on: which child still runs, in what state, and the ends of the logs.</summary>
    private static string StoppingDiagnosis(string dir, IReadOnlyList<int> children, StartedProcess script)
    {
        var lines = new List<string> { "script output:", script.Tail(15) };
        foreach (var pid in children)
        {
            var status = $"/proc/{pid}/status";
            var state = File.Exists(status)
                ? string.Join(", ", File.ReadLines(status).Where(line => line.StartsWith("State:", StringComparison.Ordinal) || line.StartsWith("Threads:", StringComparison.Ordinal)))
                : "gone";
            lines.Add($"child {pid}: {state}");
        }

        foreach (var log in new[] { "operator.log", "kubesim.log" })
        {
            var path = Path.Combine(dir, log);
            lines.Add($"{log} (last lines):");
            lines.AddRange(File.Exists(path) ? File.ReadLines(path).TakeLast(25) : ["(none)"]);
        }

        return string.Join('\n', lines);
    }

    private static string Phase(string dir)
    {
        var result = ProcessRunner.Run("kubectl", ["--kubeconfig", Path.Combine(dir, "kubeconfig"), "get", "agenttask", "fix-flaky-login-test", "-o", "jsonpath={.status.phase}"]);
        return result.StandardOutput.Trim();
    }
}
