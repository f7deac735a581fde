namespace Oz.Operator.Tests.EndToEnd.Security;

/// <summary>
/// The raw install with its admission policy (config/admission) on the simulator with RBAC
/// enforced: what a task author may not apply is refused by the API server, before any operator
/// sees it.
/// </summary>
[CancelAfter(60_000)]
public sealed class AdmissionPolicyEndToEndTests
{
    [Test]
    public async Task AnUnlistedSecretIsRefusedAtApply()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: true);
        await cluster.CreateSecretAsync("private-creds", "private-value");

        var (code, body) = await cluster.RefusedAsAuthorAsync(SecureCluster.TaskReading("reads-private", "private-creds"));

        Assert.That(code, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(body, Does.Contain("Secret private-creds is not opted in for AgentTasks: list it in the oz-operator taskSecrets.allowed"));
    }

    [Test]
    public async Task ALabelledButUnlistedSecretIsRefusedAtApplyWhileThePolicyIsOn()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: true);
        await cluster.CreateSecretAsync("labelled-creds", "labelled-value", labelled: true);

        var (code, body) = await cluster.RefusedAsAuthorAsync(SecureCluster.TaskReading("reads-labelled", null, s =>
            s.EnvFrom = [new k8s.Models.V1EnvFromSource { SecretRef = new k8s.Models.V1SecretEnvSource { Name = "labelled-creds" } }]));

        Assert.That(code, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(body, Does.Contain("Secret labelled-creds is not opted in"));
    }

    [Test]
    public async Task TheApiKeySecretIsRefusedAtApplyEvenWhenLabelled()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: true);
        await cluster.LabelSecretAsync(SecureCluster.ApiKeySecret);

        var (code, body) = await cluster.RefusedAsAuthorAsync(SecureCluster.TaskReading("reads-api-key", SecureCluster.ApiKeySecret));

        Assert.That(code, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(body, Does.Contain($"Secret {SecureCluster.ApiKeySecret} is not opted in"));
    }

    [Test]
    public async Task AForgedTaskIdIsRefusedAtApply()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: true);

        var forged = SecureCluster.TaskReading("forged", null, s => (s.Prompt, s.TaskId) = (null, "task-of-someone-else"));

        var (code, body) = await cluster.RefusedAsAuthorAsync(forged);

        Assert.That(code, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(body, Does.Contain("spec.taskId and spec.executionId are set only by the oz-operator"));
    }

    [Test]
    public async Task TheSamplesListedSecretIsAdmittedAndItsTaskRuns()
    {
        await using var cluster = await SecureCluster.StartAsync(policy: true);

        await cluster.CreateAsAuthorAsync(SecureCluster.TaskReading("reads-sample", SecureCluster.SampleSecret));
        var task = await cluster.WaitForTaskAsync("reads-sample", t => t.Status?.Phase is AgentTaskPhase.Succeeded or AgentTaskPhase.Failed, "the task to finish");

        Assert.That(task.Status!.Phase, Is.EqualTo(AgentTaskPhase.Succeeded), task.Status.Message);
        Assert.That(task.Status.PodName, Does.StartWith(JobNaming.JobNameFor(SecureCluster.Namespace, "reads-sample")), "it ran in its Job's pod");
    }
}
