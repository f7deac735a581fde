using Oz.Operator.Hosting;

namespace Oz.Operator.K3sTests.EndToEnd;

/// <summary>`oz-operator preflight` against a real cluster: passes in a plain namespace, fails on Pod Security "restricted".</summary>
[TestFixture]
public sealed class PreflightTests : OperatorTestBase
{
    /// <summary>The setupCommand of the example configuration in docs/configuration.md.</summary>
    private const string DocumentedSetupCommand = """
        git config --global url."https://github.com/".insteadOf git@github.com:
        echo "CI=true" >> "$OZ_ENVIRONMENT_FILE"
        """;

    // Preflight runs on its own; no operator is needed.
    protected override string[]? FixtureOperatorArgs => null;

    [Test]
    public async Task PreflightPassesInAPlainNamespace()
    {
        var (code, output) = await OperatorRun.RunToEndAsync(PreflightArgs(Ns));

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), output);
    }

    [Test]
    public async Task PreflightFailsWhenPodSecurityRestrictedRejectsTheRootInitContainer()
    {
        var restricted = await Cluster.CreateNamespaceAsync("restricted", new Dictionary<string, string>
        {
            ["pod-security.kubernetes.io/enforce"] = "restricted",
            ["pod-security.kubernetes.io/enforce-version"] = "latest",
        });
        try
        {
            var (code, output) = await OperatorRun.RunToEndAsync(PreflightArgs(restricted));

            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(ExitCodes.PreflightFailed), output);
                Assert.That(output, Does.Contain("PodSecurity"));
            });
        }
        finally
        {
            await Client.CoreV1.DeleteNamespaceAsync(restricted);
        }
    }

    [Test]
    public async Task PreflightPassesWithTheDocumentedSetupCommand()
    {
        // docs/configuration.md's example: run in busybox it would exit 127 (no git); the preflight Job must not run it.
        var (code, output) = await OperatorRun.RunToEndAsync([.. PreflightArgs(Ns), "--setup-command", DocumentedSetupCommand]);

        Assert.That(code, Is.EqualTo(ExitCodes.Ok), output);
    }

    private string[] PreflightArgs(string ns) =>
    [
        "preflight",
        "--kubeconfig", Cluster.KubeconfigPath,
        "--namespace", ns,
        "--worker-id", OperatorRun.WorkerId,
        "--timeout", "2m",
        "--output", "json",
    ];
}
