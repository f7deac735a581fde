using Oz.KubeSim.Admission;
using Oz.KubeSim.Security;
using Oz.KubeSim.Tests.Contract;

namespace Oz.KubeSim.Tests.Simulator;

public sealed class AuthorizationAndAdmissionTests : SimulatorTestBase
{
    private const string User = "system:serviceaccount:oz:operator";

    [TearDown]
    public void Reset()
    {
        Sim.Rbac.Reset();
        Sim.Admission.Clear();
    }

    private IKubernetes RestrictedClient()
    {
        Sim.Rbac.Enabled = true;
        Sim.Rbac.AddToken("restricted", User);
        Sim.Rbac.Grant(new RbacRule(["get", "list"], ["batch"], ["jobs"]) { User = User });
        return Sim.CreateClient("restricted");
    }

    [Test]
    public async Task ADeniedVerbIs403WithTheRbacMessage()
    {
        var client = RestrictedClient();

        var (code, status) = await FailureOf(() => client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("x"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Message, Is.EqualTo($"jobs.batch is forbidden: User \"{User}\" cannot create resource \"jobs\" in API group \"batch\" in the namespace \"{Ns}\""));
        });
    }

    [TestCase("list", true)]
    [TestCase("create", false)]
    public async Task ASelfSubjectAccessReviewAnswersFromTheRbacModel(string verb, bool allowed)
    {
        var client = RestrictedClient();

        var review = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Verb = verb, Group = "batch", Resource = "jobs", NamespaceProperty = Ns } },
        });

        Assert.That(review.Status.Allowed, Is.EqualTo(allowed));
    }

    [Test]
    public async Task PodSecurityRejectsARootPodWithTheRealMessage()
    {
        Sim.Admission.Add(new PodSecurityRule("restricted", [Ns]));
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "root" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox:1.36" }] },
        };

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(pod, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Message, Does.StartWith("pods \"root\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"));
        });
    }

    [Test]
    public async Task PodSecurityAdmitsAJobButItsPodCreationFailsWithAFailedCreateEvent()
    {
        Sim.Admission.Add(new PodSecurityRule("restricted", [Ns]));

        var job = await Client.BatchV1.CreateNamespacedJobWithHttpMessagesAsync(CrudContract.SampleJob("psa"), Ns);

        await Eventually(async () => (await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "reason=FailedCreate")).Items.Count > 0, "FailedCreate event");
        var evt = (await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "reason=FailedCreate")).Items[0];
        Assert.Multiple(() =>
        {
            Assert.That(job.Response.Headers.TryGetValues("Warning", out var warnings) && warnings.Any(w => w.Contains("would violate PodSecurity", StringComparison.Ordinal)), Is.True);
            Assert.That(evt.Message, Does.StartWith("Error creating: pods \"psa-"));
            Assert.That(evt.Message, Does.Contain("violates PodSecurity \"restricted:latest\""));
        });
    }

    [Test]
    public async Task ADenyRuleRejectsWithTheWebhookMessage()
    {
        Sim.Admission.Add(new DenyRule(r => r.Type.Plural == "configmaps", "[no-configmaps] configmaps are not allowed"));

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Message, Is.EqualTo("admission webhook \"validation.gatekeeper.sh\" denied the request: [no-configmaps] configmaps are not allowed"));
        });
    }
}
