using Oz.KubeSim.Tests.Contract;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Pod Security admission driven by the namespace's pod-security.kubernetes.io labels.</summary>
public sealed class NamespacePodSecurityTests : SimulatorTestBase
{
    private Task LabelNamespaceAsync(string labels) =>
        Client.CoreV1.PatchNamespaceAsync(new V1Patch("{\"metadata\":{\"labels\":{" + labels + "}}}", V1Patch.PatchType.MergePatch), Ns);

    private static V1Pod RootPod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox:1.36" }] },
    };

    private static IEnumerable<string> Warnings(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Warning", out var values) ? values : [];

    [Test]
    public async Task AJobInAnEnforcingNamespaceIsAdmittedWithAWarningAndItsPodCreationFails()
    {
        await LabelNamespaceAsync("""
            "pod-security.kubernetes.io/enforce":"restricted"
            """);

        var job = await Client.BatchV1.CreateNamespacedJobWithHttpMessagesAsync(CrudContract.SampleJob("psa"), Ns);

        await Eventually(async () => (await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "reason=FailedCreate")).Items.Count > 0, "FailedCreate event");
        var evt = (await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "reason=FailedCreate")).Items[0];
        Assert.Multiple(() =>
        {
            Assert.That(Warnings(job.Response), Has.Some.Contain("would violate PodSecurity \\\"restricted:latest\\\": allowPrivilegeEscalation != false"));
            Assert.That(evt.Message, Does.StartWith("Error creating: pods \"psa-"));
            Assert.That(evt.Message, Does.Contain("violates PodSecurity \"restricted:latest\""));
        });
    }

    [Test]
    public async Task APodInAWarnOnlyNamespaceIsAdmittedWithAWarning()
    {
        await LabelNamespaceAsync("""
            "pod-security.kubernetes.io/warn":"baseline"
            """);
        var pod = RootPod("hosty");
        pod.Spec.HostNetwork = true;

        var created = await Client.CoreV1.CreateNamespacedPodWithHttpMessagesAsync(pod, Ns);

        Assert.That(Warnings(created.Response), Has.Some.Contain("would violate PodSecurity \\\"baseline:latest\\\": host namespaces (hostNetwork=true)"));
    }

    [Test]
    public async Task TheEnforceVersionLabelNamesTheVersionInTheMessage()
    {
        await LabelNamespaceAsync("""
            "pod-security.kubernetes.io/enforce":"baseline","pod-security.kubernetes.io/enforce-version":"v1.30"
            """);
        var pod = RootPod("hosty");
        pod.Spec.HostPID = true;

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(pod, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Message, Is.EqualTo("pods \"hosty\" is forbidden: violates PodSecurity \"baseline:v1.30\": host namespaces (hostPID=true)"));
        });
    }

    [Test]
    public async Task APrivilegedNamespaceAdmitsARootPodWithoutWarnings()
    {
        await LabelNamespaceAsync("""
            "pod-security.kubernetes.io/enforce":"privileged"
            """);

        var created = await Client.CoreV1.CreateNamespacedPodWithHttpMessagesAsync(RootPod("root"), Ns);

        Assert.That(Warnings(created.Response), Is.Empty);
    }

    [Test]
    public async Task RestrictedAdmitsAnImageVolume()
    {
        // Not a K3s contract: image volumes need the ImageVolume feature gate, off in the pinned K3s.
        await LabelNamespaceAsync("""
            "pod-security.kubernetes.io/enforce":"restricted"
            """);
        var pod = RootPod("imagevol");
        pod.Spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } };
        pod.Spec.Containers[0].SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } };
        pod.Spec.Volumes = [new V1Volume { Name = "tools", Image = new V1ImageVolumeSource { Reference = "ghcr.io/example/tools:1", PullPolicy = "IfNotPresent" } }];

        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);

        Assert.That(created.Spec.Volumes[0].Image.Reference, Is.EqualTo("ghcr.io/example/tools:1"));
    }
}
