namespace Oz.Operator.Tests.Docs;

/// <summary>
/// docs/security.md: the security model's page covers what a platform team must know before handing
/// out the right to create AgentTasks, and is reachable from the README and the install guide.
/// </summary>
public sealed class SecurityModelDocumentationTests
{
    private static string Page => File.ReadAllText(RepositoryPaths.PathOf("docs/security.md"));

    [Test]
    public void ThePageIsLinkedFromTheReadmeAndTheInstallGuide() =>
        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(RepositoryPaths.PathOf("README.md")), Does.Contain("(docs/security.md)"));
            Assert.That(File.ReadAllText(RepositoryPaths.PathOf("docs/install.md")), Does.Contain("(security.md)"));
        });

    [TestCase("## Who can do what")]
    [TestCase("## Secrets a task may use")]
    [TestCase("## Hardened task pods")]
    [TestCase("### Pod Security levels")]
    [TestCase("## NetworkPolicy for task pods")]
    [TestCase("## What stays your job")]
    public void ThePageHasASectionFor(string heading) =>
        Assert.That(Page.Split('\n'), Does.Contain(heading));

    [TestCase("kubectl label secret oz-agent-api-key oz.warp.dev/task-access=true")]
    [TestCase("taskSecrets.allowed")]
    [TestCase("`restricted`")]
    [TestCase("`baseline`")]
    [TestCase("169.254.169.254/32")]
    public void ThePageSaysHowToOptInWhichLevelsPassAndWhatTheNetworkPolicyBlocks(string words) =>
        Assert.That(Page, Does.Contain(words));
}
