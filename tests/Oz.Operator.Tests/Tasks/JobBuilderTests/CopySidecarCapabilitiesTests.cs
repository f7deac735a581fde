using System.Runtime.Versioning;

namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>
/// Runs the copy-sidecar script as root with only the capabilities its container gets (setpriv
/// limits the bounding set), against an image root with a private home directory of another user:
/// the copy works with <see cref="TaskPodHardening.CopyCapabilities"/> and fails without DAC_OVERRIDE.
/// Needs root and setpriv; skipped otherwise.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class CopySidecarCapabilitiesTests
{
    private string root = "";
    private string target = "";

    [SetUp]
    public async Task CreateImageRootOwnedByAnotherUser()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"))
        {
            Assert.Ignore("needs root and setpriv");
        }

        var temp = Directory.CreateTempSubdirectory("oz-copy-caps-").FullName;
        root = Path.Combine(temp, "image");
        target = Path.Combine(temp, "volume");
        Directory.CreateDirectory(Path.Combine(root, "home", "agent", ".ssh"));
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(root, "home", "agent", ".ssh", "config"), "Host *\n");
        File.SetUnixFileMode(Path.Combine(root, "home", "agent", ".ssh", "config"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Combine(root, "home", "agent", ".ssh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(Path.Combine(root, "home", "agent"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.That(await RunAsync("chown", "-R", "1000:1000", Path.Combine(root, "home", "agent")), Is.Zero);
    }

    [TearDown]
    public void Delete()
    {
        if (root.Length > 0)
        {
            Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
        }
    }

    [Test]
    public async Task TheCopyCapabilitiesAreEnoughToKeepOwnersAndModes()
    {
        var exitCode = await CopyWithAsync(TaskPodHardening.CopyCapabilities);

        var copied = Path.Combine(target, "home", "agent", ".ssh", "config");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(File.ReadAllText(copied), Is.EqualTo("Host *\n"));
            Assert.That(File.GetUnixFileMode(copied), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public async Task WithoutDacOverrideTheCopyFails()
    {
        var exitCode = await CopyWithAsync(TaskPodHardening.CopyCapabilities.Where(c => c != "DAC_OVERRIDE"));

        Assert.That(exitCode, Is.Not.Zero);
    }

    private Task<int> CopyWithAsync(IEnumerable<string> capabilities) =>
        RunAsync(
            "/usr/bin/setpriv",
            "--inh-caps=-all",
            "--bounding-set=-all," + string.Join(",", capabilities.Select(c => "+" + c.ToLowerInvariant())),
            "--no-new-privs",
            "/bin/sh", "-c", SidecarCopyScript.Script, SidecarCopyScript.ScriptName, target, root);

    private static async Task<int> RunAsync(string file, params string[] args) => (await ProcessRunner.RunAsync(file, args)).ExitCode;
}
