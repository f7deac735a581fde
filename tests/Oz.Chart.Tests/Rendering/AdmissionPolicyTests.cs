
namespace Oz.Chart.Tests.Rendering;

/// <summary>
/// The AgentTask ValidatingAdmissionPolicy: rendered only where the API server serves the API
/// (`--api-versions` stands for the cluster's discovery here), with the allowed and denied Secret
/// lists of the operator's config baked in; config/admission is the same policy for the raw install.
/// </summary>
[TestFixture(3)]
[TestFixture(4)]
public sealed class AdmissionPolicyTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private static readonly string[] Served = ["--api-versions", "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy"];

    private RenderedChart RenderServed(params string[] setArguments) => RenderWith([.. Served, .. setArguments]);

    private static string Variable(V1ValidatingAdmissionPolicy policy, string name) => policy.Spec.Variables.Single(v => v.Name == name).Expression;

    [Test]
    public void PolicyAndBindingAreRenderedWhereTheApiIsServed()
    {
        var chart = RenderServed();

        Assert.That(chart.Single<V1ValidatingAdmissionPolicyBinding>().Spec.PolicyName, Is.EqualTo(chart.Single<V1ValidatingAdmissionPolicy>().Metadata.Name));
    }

    [Test]
    public void NothingIsRenderedWhereTheApiIsNotServed() =>
        Assert.That(RenderWith().Kinds, Has.None.StartsWith("ValidatingAdmissionPolicy"));

    [Test]
    public void NothingIsRenderedWhenDisabled() =>
        Assert.That(RenderServed("--set", "admissionPolicy.enabled=false").Kinds, Has.None.StartsWith("ValidatingAdmissionPolicy"));

    [Test]
    public void TheBindingDeniesByDefaultAndTakesTheConfiguredActions()
    {
        Assert.That(RenderServed().Single<V1ValidatingAdmissionPolicyBinding>().Spec.ValidationActions, Is.EqualTo(new[] { "Deny" }));
        Assert.That(RenderServed("--set", "admissionPolicy.validationActions={Warn,Audit}").Single<V1ValidatingAdmissionPolicyBinding>().Spec.ValidationActions, Is.EqualTo(new[] { "Warn", "Audit" }));
    }

    [Test]
    public void TheBindingSelectsOnlyTheTaskNamespace()
    {
        var binding = RenderServed("--set", "worker.namespace=tasks").Single<V1ValidatingAdmissionPolicyBinding>();

        Assert.That(binding.Spec.MatchResources.NamespaceSelector.MatchLabels, Is.EqualTo(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "tasks" }));
    }

    [Test]
    public void AllowedSecretsAndTheApiKeySecretAreBakedIn()
    {
        var policy = RenderServed("--set", "taskSecrets.allowed={creds,tokens}", "--set", "oz.existingSecret=oz-key").Single<V1ValidatingAdmissionPolicy>();

        Assert.That(Variable(policy, "allowed"), Is.EqualTo("['creds', 'tokens']"));
        Assert.That(Variable(policy, "denied"), Is.EqualTo("['oz-key']"));
    }

    [Test]
    public void OnlyTheOperatorsServiceAccountIsExempt() =>
        Assert.That(Variable(RenderServed("--set", "serviceAccount.name=runner").Single<V1ValidatingAdmissionPolicy>(), "isOperator"),
            Is.EqualTo($"request.userInfo.username == 'system:serviceaccount:{Helm.ReleaseNamespace}:runner'"));

    [Test]
    public void ConfigAdmissionIsTheChartsPolicyForTheRawInstall()
    {
        var chart = TemplateRaw(["--values", RepositoryPaths.CiValues("default"), .. Served, "--set", "taskSecrets.allowed={oz-agent-api-key}", "--set", "oz.existingSecret=oz-operator-api-key",
            "--set", "fullnameOverride=oz-operator"]);
        Assert.That(chart.ExitCode, Is.Zero, chart.ToString());
        var rendered = ManifestLoader.LoadStrict(chart.StandardOutput);
        var raw = ManifestLoader.LoadStrict(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "config", "admission", "agenttask-policy.yaml")));

        Assert.Multiple(() =>
        {
            Assert.That(KubernetesJson.Serialize(raw.OfType<V1ValidatingAdmissionPolicy>().Single().Spec),
                Is.EqualTo(KubernetesJson.Serialize(rendered.OfType<V1ValidatingAdmissionPolicy>().Single().Spec)));
            Assert.That(KubernetesJson.Serialize(raw.OfType<V1ValidatingAdmissionPolicyBinding>().Single().Spec),
                Is.EqualTo(KubernetesJson.Serialize(rendered.OfType<V1ValidatingAdmissionPolicyBinding>().Single().Spec)));
        });
    }

    [Test]
    public void ConfigAdmissionListsTheSecretsOfTheRawConfigFile()
    {
        var config = new ConfigFile(YamlTree.LoadMapFile(Path.Combine(RepositoryPaths.Root, "config", "manager", "config.yaml")));
        var policy = ManifestLoader.LoadStrict(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "config", "admission", "agenttask-policy.yaml"))).OfType<V1ValidatingAdmissionPolicy>().Single();

        Assert.That(Variable(policy, "allowed"), Is.EqualTo($"['{config.Get("taskSecrets", "allowed")}']"));
        Assert.That(Variable(policy, "denied"), Is.EqualTo($"['{config.Get("taskSecrets", "denied")}']"));
    }
}
