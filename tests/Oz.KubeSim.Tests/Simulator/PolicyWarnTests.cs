using Oz.KubeSim.Api;
using Oz.KubeSim.Security;
using Oz.KubeSim.Store;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Simulator-side checks the shared contracts cannot make through the typed client: policy warnings, kubectl create token.</summary>
public sealed class PolicyWarnTests : SimulatorTestBase
{
    [Test]
    public void AWarnBindingAdmitsTheObjectWithTheApiServersWarningText()
    {
        Sim.LoadYaml("""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicy
            metadata: {name: warn-policy}
            spec:
              matchConstraints:
                resourceRules: [{apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE"], resources: ["configmaps"]}]
                objectSelector: {matchLabels: {policy-test: warn}}
              validations: [{expression: "has(object.data) && 'k' in object.data && object.data.k.startsWith('ok')", message: "k should start with ok"}]
            ---
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingAdmissionPolicyBinding
            metadata: {name: warn-binding}
            spec: {policyName: warn-policy, validationActions: [Warn]}
            """);
        var ctx = new RequestContext(Sim.Rbac.DefaultUser);
        var cm = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "w", ["labels"] = new JsonObject { ["policy-test"] = "warn" } }, ["data"] = new JsonObject { ["k"] = "bad" } };

        var result = Sim.Api.Create(BuiltInResources.ConfigMaps, "default", cm, ctx);

        Assert.That(result.Stored, Is.Not.Null);
        Assert.That(ctx.Warnings, Is.EqualTo(new[] { "Validation failed for ValidatingAdmissionPolicy 'warn-policy' with binding 'warn-binding': k should start with ok" }));
        Sim.Api.Delete(SecurityResources.ValidatingAdmissionPolicyBindings, "", "warn-binding", new DeleteOptions(null, null, null), ctx);
    }

    [Test]
    public async Task KubectlCreateTokenPrintsATokenOfTheServiceAccount()
    {
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"kubesim-token-{Guid.NewGuid():N}.kubeconfig");
        Sim.WriteKubeconfig(kubeconfig);
        await Sim.Client.CoreV1.CreateNamespacedServiceAccountAsync(new k8s.Models.V1ServiceAccount { Metadata = new k8s.Models.V1ObjectMeta { Name = "bot" } }, "default");
        try
        {
            var (code, stdout, stderr) = await new KubectlRunner(kubeconfig).RunAsync("create", "token", "bot", "-n", "default", "--duration=20m");

            Assert.That(code, Is.EqualTo(0), stderr);
            var claims = JsonNode.Parse(Base64UrlDecode(stdout.Trim().Split('.')[1]))!;
            Assert.That(Sim.Rbac.Authenticate(stdout.Trim()), Is.EqualTo("system:serviceaccount:default:bot"));
            Assert.That(claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>(), Is.EqualTo(1200));
        }
        finally
        {
            File.Delete(kubeconfig);
            await Sim.Client.CoreV1.DeleteNamespacedServiceAccountAsync("bot", "default");
        }
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }
}
