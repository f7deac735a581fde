using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tests.EndToEnd.Security;

/// <summary>
/// The raw install without its admission policy (a cluster older than 1.30, or the policy left
/// out) on the simulator with RBAC enforced: the operator itself refuses a task that reads a Secret
/// not opted in, before any Job exists.
/// </summary>
[CancelAfter(60_000)]
public sealed class SecretEnforcementEndToEndTests
{
    [Test]
    public async Task AnUnlistedSecretFailsTheTaskWithNoJobAndAWarningEvent()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: false);
        await cluster.CreateSecretAsync("private-creds", "private-value");

        await cluster.CreateAsAuthorAsync(SecureCluster.TaskReading("reads-private", "private-creds"));
        var task = await cluster.WaitForTaskAsync("reads-private", t => t.Status?.Phase == AgentTaskPhase.Failed, "the task to fail");
        var events = await cluster.EventsAboutAsync("reads-private");
        var jobs = await cluster.JobsAsync();

        Assert.Multiple(() =>
        {
            Assert.That(task.Status!.Reason, Is.EqualTo(FailureReason.SecretNotAllowed));
            Assert.That(task.Status.Message, Does.Contain("Secret \"private-creds\"").And.Contain("oz.warp.dev/task-access=true"));
            Assert.That(jobs.Select(j => j.Metadata.Name), Does.Not.Contain(JobNaming.JobNameFor(SecureCluster.Namespace, "reads-private")));
            Assert.That(events.Select(e => (e.Type, e.Reason)), Does.Contain(("Warning", "SecretNotAllowed")));
        });
    }

    [Test]
    public async Task ALabelledSecretIsReadByTheTask()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: false);
        await cluster.CreateSecretAsync("labelled-creds", "labelled-value", labelled: true);

        await cluster.CreateAsAuthorAsync(SecureCluster.TaskReading("reads-labelled", null, s =>
            s.EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "labelled-creds" } }]));
        var task = await cluster.WaitForTaskAsync("reads-labelled", t => t.Status?.Phase is AgentTaskPhase.Succeeded or AgentTaskPhase.Failed, "the task to finish");

        Assert.That(task.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded), task.Status.Message);
    }

    [Test]
    public async Task ASecretValueIsMaskedWhileItsTaskLivesAndForgottenOnceTheTaskIsGone()
    {
        const string Value = "labelled-value-0123456789";
        await using var cluster = await SecureCluster.StartAsync(policy: false);
        await cluster.CreateSecretAsync("labelled-creds", Value, labelled: true);
        var redactor = cluster.Operator.Components.Redactor;

        await cluster.CreateAsAuthorAsync(SecureCluster.TaskReading("reads-labelled", "labelled-creds"));
        await cluster.WaitForTaskAsync("reads-labelled", t => t.Status?.Phase?.IsTerminal() == true, "the task to finish");
        var maskedWhileLive = redactor.Redact(Value);
        await cluster.AuthorClient.CustomObjects.DeleteNamespacedCustomObjectAsync(AgentTask.Group, AgentTask.Version, SecureCluster.Namespace, AgentTask.Plural, "reads-labelled");
        await Eventually.UntilAsync(async () => await cluster.GetTaskAsync("reads-labelled") is null, () => "the task to be gone");

        // The operator's logs mask only the values of live tasks: what it keeps does not grow with every task ever run.
        Assert.That(maskedWhileLive, Is.EqualTo(SecretRedactor.Mask), "masked while the task lives");
        await Eventually.Until(() => redactor.Redact(Value) == Value, "the value forgotten once the task is gone");
    }

    [Test]
    public async Task TheApiKeySecretFailsTheTaskEvenWhenLabelled()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: false);
        await cluster.LabelSecretAsync(SecureCluster.ApiKeySecret);

        await cluster.CreateAsAuthorAsync(SecureCluster.TaskReading("reads-api-key", SecureCluster.ApiKeySecret));
        var task = await cluster.WaitForTaskAsync("reads-api-key", t => t.Status?.Phase is AgentTaskPhase.Succeeded or AgentTaskPhase.Failed, "the task to finish");
        var jobs = await cluster.JobsAsync();

        Assert.That(task.Status!.Reason, Is.EqualTo(FailureReason.SecretNotAllowed));
        Assert.That(jobs.Select(j => j.Metadata.Name), Does.Not.Contain(JobNaming.JobNameFor(SecureCluster.Namespace, "reads-api-key")));
    }
}
