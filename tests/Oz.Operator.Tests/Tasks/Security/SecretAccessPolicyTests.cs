using Oz.Operator.Tasks.Security;

namespace Oz.Operator.Tests.Tasks.Security;

public sealed class SecretAccessPolicyTests
{
    private const string ApiKey = "wk-operator-api-key";
    private static readonly SecretReference Reference = new("creds", "spec.envFrom[0].secretRef");
    private static readonly Dictionary<string, string> OptedIn = new() { [SecretAccessPolicy.AccessLabel] = SecretAccessPolicy.AccessLabelValue };

    private static V1Secret Secret(IDictionary<string, string>? labels = null, string value = "some-value", V1OwnerReference? owner = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "creds", Labels = labels, OwnerReferences = owner is null ? null : [owner] },
        Data = new Dictionary<string, byte[]> { ["KEY"] = Encoding.UTF8.GetBytes(value) },
    };

    private static V1OwnerReference OwnedBy(string name) =>
        new() { ApiVersion = AgentTask.GroupVersion, Kind = AgentTask.KindName, Name = name, Uid = "uid-" + name, Controller = true };

    private static string? Decide(V1Secret? secret, TaskSecretOptions? options = null) =>
        SecretAccessPolicy.Refusal(Fixtures.Task(), Reference, secret, options ?? new TaskSecretOptions(), ApiKey);

    private static TaskSecretOptions Listed(string allowed = "", string denied = "") =>
        new() { Allowed = TaskSecretOptions.ParseNames(allowed), Denied = TaskSecretOptions.ParseNames(denied) };

    [Test]
    public void AnUnlabelledUnlistedSecretIsRefusedWithHowToOptIn()
    {
        var refusal = Decide(Secret());

        Assert.That(refusal, Does.Contain("Secret \"creds\" (spec.envFrom[0].secretRef) is not opted in")
            .And.Contain("kubectl label secret creds -n tasks oz.warp.dev/task-access=true")
            .And.Contain("taskSecrets.allowed"));
    }

    [Test]
    public void ALabelledSecretIsAllowed() => Assert.That(Decide(Secret(OptedIn)), Is.Null);

    [Test]
    public void ALabelOtherThanTrueDoesNotOptIn() =>
        Assert.That(Decide(Secret(new Dictionary<string, string> { [SecretAccessPolicy.AccessLabel] = "yes" })), Is.Not.Null);

    [Test]
    public void AListedSecretIsAllowed() => Assert.That(Decide(Secret(), Listed(allowed: "other, creds")), Is.Null);

    [Test]
    public void AMissingSecretIsRefused() => Assert.That(Decide(null), Does.Contain("does not exist"));

    [Test]
    public void TheTasksOwnEnvSecretIsAllowedWithoutOptIn() => Assert.That(Decide(Secret(owner: OwnedBy("t1"))), Is.Null);

    [Test]
    public void AnotherTasksEnvSecretIsRefusedEvenWhenLabelledAndListed() =>
        Assert.That(Decide(Secret(OptedIn, owner: OwnedBy("t2")), Listed(allowed: "creds")),
            Does.Contain("is the environment Secret of AgentTask \"t2\" and can never be used by another task"));

    [Test]
    public void ADeniedSecretIsRefusedEvenWhenLabelledAndListed() =>
        Assert.That(Decide(Secret(OptedIn), Listed(allowed: "creds", denied: "creds")), Does.Contain("holds the operator's credentials"));

    [Test]
    public void ASecretHoldingTheOperatorsApiKeyIsRefusedEvenWhenLabelled() =>
        Assert.That(Decide(Secret(OptedIn, value: ApiKey + "\n")), Does.Contain("holds the operator's credentials"));
}
