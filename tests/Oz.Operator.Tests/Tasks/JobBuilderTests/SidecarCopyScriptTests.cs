using System.Runtime.Versioning;

namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>Runs the copy-sidecar script against a fake image root in a temp directory.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class SidecarCopyScriptTests
{
    private string root = "";

    [SetUp]
    public void CreateFakeImageRoot()
    {
        root = Directory.CreateTempSubdirectory("oz-sidecar-root-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "bin"));
        File.WriteAllText(Path.Combine(root, "entrypoint.sh"), "echo agent\n");
        File.SetUnixFileMode(Path.Combine(root, "entrypoint.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(Path.Combine(root, "bin", "tool"), "tool");
        File.WriteAllText(Path.Combine(root, ".hidden"), "hidden");
        File.WriteAllText(Path.Combine(root, "..dotdot"), "dotdot");
        File.CreateSymbolicLink(Path.Combine(root, "link"), "bin/tool");
        foreach (var left in new[] { "proc", "sys", "dev", "run/secrets", "var/run/secrets" })
        {
            Directory.CreateDirectory(Path.Combine(root, left));
            File.WriteAllText(Path.Combine(root, left, "file"), "not copied");
        }

        File.WriteAllText(Path.Combine(root, ".dockerenv"), "");
    }

    [TearDown]
    public void DeleteFakeImageRoot()
    {
        Directory.Delete(root, recursive: true);
    }

    private static IEnumerable<TestCaseData> Shells() => ShellRun.Shells().Select(shell => new TestCaseData(shell).SetArgDisplayNames(shell));

    [TestCaseSource(nameof(Shells))]
    public async Task CopiesTheImageFilesystemExceptKernelFilesystemsSecretsAndTheTargetItself(string shell)
    {
        var target = Path.Combine(root, ".oz-sidecar-volume");
        Directory.CreateDirectory(target);
        using var run = ShellRun.Start(shell, SidecarCopyScript.Script, SidecarCopyScript.ScriptName, [target, root], new Dictionary<string, string>(), root);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.Zero, stderr);
        var copied = Directory.EnumerateFileSystemEntries(target, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(target, p)).Order(StringComparer.Ordinal);
        Assert.That(copied, Is.EqualTo(new[] { "..dotdot", ".hidden", "bin", "bin/tool", "entrypoint.sh", "link", "run", "var", "var/run" }));
        Assert.That(File.GetUnixFileMode(Path.Combine(target, "entrypoint.sh")) & UnixFileMode.UserExecute, Is.EqualTo(UnixFileMode.UserExecute));
        Assert.That(new FileInfo(Path.Combine(target, "link")).LinkTarget, Is.EqualTo("bin/tool"));
    }

    // The reference's copy (tar --no-same-owner): the copies belong to the copying user, not to the
    // image's owners, so an image file owned by another user is still readable by the agent. Only
    // root can restore owners, so only a root run can tell the difference.
    [TestCaseSource(nameof(Shells))]
    public async Task CopiesBelongToTheCopyingUserNotToTheImagesOwner(string shell)
    {
        Assume.That(Environment.IsPrivilegedProcess, "only root restores owners, so only a root run can show they are not");
        var owned = ProcessRunner.Run("chown", ["4242:4242", Path.Combine(root, "bin", "tool")]);
        Assert.That(owned.Succeeded, owned.Output);
        var target = Path.Combine(root, ".oz-sidecar-volume");
        Directory.CreateDirectory(target);
        using var run = ShellRun.Start(shell, SidecarCopyScript.Script, SidecarCopyScript.ScriptName, [target, root], new Dictionary<string, string>(), root);

        var (exitCode, stderr) = await run.WaitAsync();

        Assert.That(exitCode, Is.Zero, stderr);
        var owner = ProcessRunner.Run("stat", ["-c", "%u:%g", Path.Combine(target, "bin", "tool")]);
        Assert.That(owner.StandardOutput.Trim(), Is.EqualTo("0:0"), owner.Output);
    }

    [TestCaseSource(nameof(Shells))]
    public async Task FailsWhenTheTargetIsMissing(string shell)
    {
        using var run = ShellRun.Start(shell, SidecarCopyScript.Script, SidecarCopyScript.ScriptName, [Path.Combine(root, "missing"), root], new Dictionary<string, string>(), root);

        var (exitCode, _) = await run.WaitAsync();

        Assert.That(exitCode, Is.Not.Zero);
    }
}
