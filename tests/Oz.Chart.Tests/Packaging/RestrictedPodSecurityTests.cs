namespace Oz.Chart.Tests.Packaging;

/// <summary>The Pod Security checker the chart tests rely on must catch what `restricted` forbids.</summary>
public sealed class RestrictedPodSecurityTests
{
    private static V1PodSpec Compliant() => new()
    {
        SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 10001, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
        Containers =
        [
            new V1Container
            {
                Name = "c",
                SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
            },
        ],
        Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }],
    };

    private static IEnumerable<TestCaseData> Violations()
    {
        yield return Case("Root", p => p.SecurityContext.RunAsUser = 0, "uid 0");
        yield return Case("NoRunAsNonRoot", p => p.SecurityContext.RunAsNonRoot = null, "runAsNonRoot");
        yield return Case("Escalation", p => p.Containers[0].SecurityContext.AllowPrivilegeEscalation = true, "allowPrivilegeEscalation");
        yield return Case("CapabilitiesKept", p => p.Containers[0].SecurityContext.Capabilities = null, "drop ALL");
        yield return Case("CapabilityAdded", p => p.Containers[0].SecurityContext.Capabilities.Add = ["NET_ADMIN"], "NET_BIND_SERVICE");
        yield return Case("Unconfined", p => p.SecurityContext.SeccompProfile = null, "seccompProfile");
        yield return Case("Privileged", p => p.Containers[0].SecurityContext.Privileged = true, "privileged");
        yield return Case("HostPath", p => p.Volumes.Add(new V1Volume { Name = "h", HostPath = new V1HostPathVolumeSource { Path = "/" } }), "hostPath");
        yield return Case("HostNetwork", p => p.HostNetwork = true, "host namespaces");
        yield return Case("HostPort", p => p.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 80 }], "hostPort");
    }

    private static TestCaseData Case(string name, Action<V1PodSpec> breakIt, string message) =>
        new TestCaseData(breakIt, message).SetArgDisplayNames(name);

    [Test]
    public void ACompliantPodHasNoViolations()
    {
        Assert.That(RestrictedPodSecurity.Violations(Compliant()), Is.Empty);
    }

    [TestCaseSource(nameof(Violations))]
    public void EachForbiddenSettingIsReported(Action<V1PodSpec> breakIt, string message)
    {
        var pod = Compliant();
        breakIt(pod);

        Assert.That(RestrictedPodSecurity.Violations(pod), Has.Some.Contain(message));
    }
}
