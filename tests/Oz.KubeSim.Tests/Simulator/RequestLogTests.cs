using Oz.KubeSim.Admission;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>The request log records what the client received, also when a handler crashes.</summary>
public sealed class RequestLogTests : SimulatorTestBase
{
    [TearDown]
    public void RemoveRules() => Sim.Admission.Clear();

    [Test]
    public async Task AHandlerCrashAnswers500WithAStatusAndIsLoggedAs500()
    {
        Sim.Admission.Add(new CrashingRule(Ns));

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("boom"), Ns));

        var entry = Sim.RequestLog.Entries.Single(e => e.Verb == "create" && e.Resource == "configmaps" && e.Namespace == Ns);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(500));
            Assert.That(status?.Reason, Is.EqualTo("InternalError"));
            Assert.That(entry.Code, Is.EqualTo(500));
        });
    }

    [Test]
    public async Task AnUndecodableBodyIsABadRequestNotACrash()
    {
        using var http = new HttpClient();
        using var content = new StringContent("key: [unclosed", System.Text.Encoding.UTF8, "application/yaml");

        using var response = await http.PostAsync($"{Sim.Url}/api/v1/namespaces/{Ns}/configmaps", content);

        var entry = Sim.RequestLog.Entries.Single(e => e.Verb == "create" && e.Resource == "configmaps" && e.Namespace == Ns);
        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(400));
            Assert.That(entry.Code, Is.EqualTo(400));
        });
    }

    /// <summary>An admission rule with a bug: it throws for requests in one namespace.</summary>
    private sealed class CrashingRule(string ns) : IAdmissionRule
    {
        public AdmissionDecision Review(AdmissionRequest request) =>
            request.Namespace == ns ? throw new InvalidOperationException("rule bug") : AdmissionDecision.Allow;
    }
}
