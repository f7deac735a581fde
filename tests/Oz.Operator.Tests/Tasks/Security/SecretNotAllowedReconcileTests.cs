using Oz.Operator.Tasks.Security;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tests.Tasks.Security;

public sealed class SecretNotAllowedReconcileTests
{
    private readonly FakeSecretReader secrets = new();
    private readonly SecretRedactor redactor = new();

    private ReconcilerHarness Harness(TaskSecretOptions? options = null) =>
        new(secretAccess: new TaskSecretAccessCheck(secrets, options ?? new TaskSecretOptions(), "wk-operator-api-key", redactor));

    private static AgentTask TaskReading(string secret)
    {
        var task = Fixtures.Task();
        task.Spec.Env = [new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = "KEY" } } }];
        return task;
    }

    [Test]
    public async Task ATaskReadingASecretNotOptedInFailsWithoutAJob()
    {
        secrets.Add("creds");
        var harness = Harness();
        harness.Add(TaskReading("creds"));

        await harness.ReconcileAsync();

        var status = harness.Task().Status!;
        Assert.Multiple(() =>
        {
            Assert.That(harness.Cluster.CreatedJobs, Is.Empty);
            Assert.That(status.Phase, Is.EqualTo(AgentTaskPhase.Failed));
            Assert.That(status.Reason, Is.EqualTo(FailureReason.SecretNotAllowed));
            Assert.That(status.Message, Does.Contain("Secret \"creds\" (spec.env[0].valueFrom.secretKeyRef) is not opted in"));
            Assert.That(harness.Cluster.Events.Select(e => (e.Event.Type, e.Event.Reason)), Does.Contain((TaskEvent.Warning, "SecretNotAllowed")));
        });
    }

    [Test]
    public async Task ATaskReadingALabelledSecretGetsItsJobAndTheValueIsRedacted()
    {
        secrets.Add("creds", new Dictionary<string, string> { [SecretAccessPolicy.AccessLabel] = "true" }, value: "ghp_secret_token");
        var harness = Harness();
        harness.Add(TaskReading("creds"));

        await harness.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Cluster.CreatedJobs, Has.Count.EqualTo(1));
            Assert.That(redactor.Redact("token ghp_secret_token"), Is.EqualTo("token " + SecretRedactor.Mask));
        });
    }

    [Test]
    public async Task ASecretIsReadOnceBeforeTheJobNotOnEveryReconcile()
    {
        secrets.Add("creds", new Dictionary<string, string> { [SecretAccessPolicy.AccessLabel] = "true" });
        var harness = Harness();
        harness.Add(TaskReading("creds"));

        await harness.ReconcileAsync();
        await harness.ReconcileAsync();

        Assert.That(secrets.Reads, Is.EqualTo(new[] { "creds" }));
    }

    [Test]
    public async Task TheApiKeySecretIsRefusedEvenWhenLabelled()
    {
        secrets.Add("oz-operator-api-key", new Dictionary<string, string> { [SecretAccessPolicy.AccessLabel] = "true" }, value: "wk-operator-api-key");
        var harness = Harness();
        harness.Add(TaskReading("oz-operator-api-key"));

        await harness.ReconcileAsync();

        Assert.Multiple(() =>
        {
            Assert.That(harness.Cluster.CreatedJobs, Is.Empty);
            Assert.That(harness.Task().Status!.Reason, Is.EqualTo(FailureReason.SecretNotAllowed));
        });
    }

    [Test]
    public async Task AnEnvFromSecretOfAnotherTaskIsRefused()
    {
        secrets.Add("t2-env", owner: new V1OwnerReference { ApiVersion = AgentTask.GroupVersion, Kind = AgentTask.KindName, Name = "t2", Uid = "uid-t2" });
        var harness = Harness(new TaskSecretOptions { Allowed = TaskSecretOptions.ParseNames("t2-env") });
        var task = Fixtures.Task();
        task.Spec.EnvFrom = [new V1EnvFromSource { SecretRef = new V1SecretEnvSource { Name = "t2-env" } }];
        harness.Add(task);

        await harness.ReconcileAsync();

        Assert.That(harness.Task().Status!.Message, Does.Contain("environment Secret of AgentTask \"t2\""));
    }
}
