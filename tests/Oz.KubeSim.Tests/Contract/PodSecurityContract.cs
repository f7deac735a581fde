namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// Pod Security admission from the namespace's <c>pod-security.kubernetes.io/*</c> labels: each
/// Pod Security Standards check the simulator implements, pinned by the API server's exact refusal.
/// Every pod starts from one that satisfies <c>restricted</c> and breaks one rule.
/// </summary>
public abstract class PodSecurityContract : ClusterTestBase
{
    private const string Restricted = "restricted";
    private const string Baseline = "baseline";

    private static IEnumerable<TestCaseData> BaselineViolations()
    {
        yield return Case("privileged", p => MainContainer(p).SecurityContext.Privileged = true,
            "privileged (container \"main\" must not set securityContext.privileged=true)");
        yield return Case("non-default capabilities", p => MainContainer(p).SecurityContext.Capabilities.Add = ["SYS_TIME", "NET_ADMIN"],
            "non-default capabilities (container \"main\" must not include \"NET_ADMIN\", \"SYS_TIME\" in securityContext.capabilities.add)");
        yield return Case("host namespaces", p => (p.Spec.HostNetwork, p.Spec.HostPID, p.Spec.HostIPC) = (true, true, true),
            "host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)");
        yield return Case("hostPath volumes", p => AddVolume(p, new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/var/run" } }),
            "hostPath volumes (volume \"host\")");
        yield return Case("hostPorts", p => MainContainer(p).Ports = [new V1ContainerPort { ContainerPort = 8080, HostPort = 8080 }, new V1ContainerPort { ContainerPort = 80, HostPort = 80 }],
            "hostPort (container \"main\" uses hostPorts 80, 8080)");
        yield return Case("seccomp Unconfined", p => p.Spec.SecurityContext.SeccompProfile.Type = "Unconfined",
            "seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")");
    }

    private static IEnumerable<TestCaseData> RestrictedViolations()
    {
        yield return Case("allowPrivilegeEscalation", p => MainContainer(p).SecurityContext.AllowPrivilegeEscalation = null,
            "allowPrivilegeEscalation != false (container \"main\" must set securityContext.allowPrivilegeEscalation=false)");
        yield return Case("capabilities not dropped", p => MainContainer(p).SecurityContext.Capabilities.Drop = ["NET_RAW"],
            "unrestricted capabilities (container \"main\" must set securityContext.capabilities.drop=[\"ALL\"])");
        yield return Case("a baseline capability added", p => MainContainer(p).SecurityContext.Capabilities.Add = ["CHOWN", "NET_BIND_SERVICE"],
            "unrestricted capabilities (container \"main\" must not include \"CHOWN\" in securityContext.capabilities.add)");
        yield return Case("runAsNonRoot unset", p => p.Spec.SecurityContext.RunAsNonRoot = null,
            "runAsNonRoot != true (pod or container \"main\" must set securityContext.runAsNonRoot=true)");
        yield return Case("runAsNonRoot false", p => MainContainer(p).SecurityContext.RunAsNonRoot = false,
            "runAsNonRoot != true (container \"main\" must not set securityContext.runAsNonRoot=false)");
        yield return Case("runAsUser 0", p => MainContainer(p).SecurityContext.RunAsUser = 0,
            "runAsUser=0 (container \"main\" must not set runAsUser=0)");
        yield return Case("seccomp unset", p => p.Spec.SecurityContext.SeccompProfile = null,
            "seccompProfile (pod or container \"main\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
        yield return Case("a hostPath volume", p => AddVolume(p, new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/var/run" } }),
            "restricted volume types (volume \"host\" uses restricted volume type \"hostPath\")");
        yield return Case("two restricted volume types", p =>
            {
                AddVolume(p, new V1Volume { Name = "host", HostPath = new V1HostPathVolumeSource { Path = "/var/run" } });
                AddVolume(p, new V1Volume { Name = "share", Nfs = new V1NFSVolumeSource { Server = "nfs.example", Path = "/exports" } });
            },
            "restricted volume types (volumes \"host\", \"share\" use restricted volume types \"hostPath\", \"nfs\")");
    }

    [TestCaseSource(nameof(BaselineViolations))]
    public async Task BaselineRefusesAPodThatBreaksOneOfItsRules(Action<V1Pod> breakRule, string violation)
    {
        await EnforceAsync(Baseline);
        var pod = CompliantPod("p");
        breakRule(pod);

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(pod, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Reason, Is.EqualTo("Forbidden"));
            Assert.That(status.Message, Is.EqualTo($"pods \"p\" is forbidden: violates PodSecurity \"baseline:latest\": {violation}"));
        });
    }

    [TestCaseSource(nameof(RestrictedViolations))]
    public async Task RestrictedRefusesAPodThatBreaksOneOfItsRules(Action<V1Pod> breakRule, string violation)
    {
        await EnforceAsync(Restricted);
        var pod = CompliantPod("p");
        breakRule(pod);

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(pod, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Message, Is.EqualTo($"pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\": {violation}"));
        });
    }

    [Test]
    public async Task RestrictedListsEveryViolationOfAPlainRootPodInTheAdmissionsOrder()
    {
        await EnforceAsync(Restricted);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "plain" },
            Spec = new V1PodSpec
            {
                ServiceAccountName = "runner",
                AutomountServiceAccountToken = false,
                InitContainers = [new V1Container { Name = "copy", Image = "busybox:1.36", SecurityContext = new V1SecurityContext { RunAsUser = 0 } }],
                Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }],
            },
        };

        var (_, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(pod, Ns));

        Assert.That(status!.Message, Is.EqualTo(
            "pods \"plain\" is forbidden: violates PodSecurity \"restricted:latest\": " +
            "allowPrivilegeEscalation != false (containers \"copy\", \"main\" must set securityContext.allowPrivilegeEscalation=false), " +
            "unrestricted capabilities (containers \"copy\", \"main\" must set securityContext.capabilities.drop=[\"ALL\"]), " +
            "runAsNonRoot != true (pod or containers \"copy\", \"main\" must set securityContext.runAsNonRoot=true), " +
            "runAsUser=0 (container \"copy\" must not set runAsUser=0), " +
            "seccompProfile (pod or containers \"copy\", \"main\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"));
    }

    [Test]
    public async Task BaselineAdmitsTheCapabilitiesOfTheDefaultSet()
    {
        await EnforceAsync(Baseline);
        var pod = CompliantPod("p");
        MainContainer(pod).SecurityContext.Capabilities.Add = ["CHOWN", "DAC_OVERRIDE", "FOWNER"];

        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);

        Assert.That(created.Metadata.Uid, Is.Not.Empty);
    }

    [Test]
    public async Task RestrictedAdmitsEveryAllowedVolumeTypeAndNetBindService()
    {
        await EnforceAsync(Restricted);
        var pod = CompliantPod("p");
        MainContainer(pod).SecurityContext.Capabilities.Add = ["NET_BIND_SERVICE"];
        AddVolume(pod, new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() });
        AddVolume(pod, new V1Volume { Name = "secret", Secret = new V1SecretVolumeSource { SecretName = "any" } });
        AddVolume(pod, new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "any" } });
        AddVolume(pod, new V1Volume { Name = "claim", PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = "any" } });
        AddVolume(pod, new V1Volume { Name = "down", DownwardAPI = new V1DownwardAPIVolumeSource { Items = [new V1DownwardAPIVolumeFile { Path = "name", FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } }] } });
        AddVolume(pod, new V1Volume { Name = "proj", Projected = new V1ProjectedVolumeSource { Sources = [new V1VolumeProjection { ConfigMap = new V1ConfigMapProjection { Name = "any" } }] } });
        AddVolume(pod, new V1Volume { Name = "inline", Csi = new V1CSIVolumeSource { Driver = "inline.csi.example.com" } });
        AddVolume(pod, new V1Volume
        {
            Name = "eph",
            Ephemeral = new V1EphemeralVolumeSource
            {
                VolumeClaimTemplate = new V1PersistentVolumeClaimTemplate
                {
                    Spec = new V1PersistentVolumeClaimSpec { AccessModes = ["ReadWriteOnce"], Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("1Gi") } } },
                },
            },
        });

        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);

        Assert.That(created.Spec.Volumes, Has.Count.EqualTo(8));
    }

    [Test]
    public async Task AWarnLevelAdmitsTheViolatingPodWithAWouldViolateWarning()
    {
        await LabelAsync(new Dictionary<string, string> { ["pod-security.kubernetes.io/warn"] = Restricted });
        var pod = CompliantPod("p");
        MainContainer(pod).SecurityContext.RunAsUser = 0;

        var created = await Client.CoreV1.CreateNamespacedPodWithHttpMessagesAsync(pod, Ns);

        Assert.That(Warnings(created.Response), Has.Some.Contain(
            "would violate PodSecurity \\\"restricted:latest\\\": runAsUser=0 (container \\\"main\\\" must not set runAsUser=0)"));
    }

    [Test]
    public async Task AJobIsAdmittedWithAWarningAndItsPodIsRefusedWithAFailedCreateEvent()
    {
        await EnforceAsync(Restricted);
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "psa" },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = "runner",
                        AutomountServiceAccountToken = false,
                        Containers = [new V1Container { Name = "task", Image = "busybox:1.36" }],
                    },
                },
            },
        };

        var created = await Client.BatchV1.CreateNamespacedJobWithHttpMessagesAsync(job, Ns);

        Corev1EventList events = new();
        await Eventually(async () => (events = await Client.CoreV1.ListNamespacedEventAsync(Ns, fieldSelector: "reason=FailedCreate")).Items.Count > 0, "FailedCreate event", seconds: 30);
        var pods = await Client.CoreV1.ListNamespacedPodAsync(Ns);
        Assert.Multiple(() =>
        {
            Assert.That(Warnings(created.Response), Has.Some.Contain("would violate PodSecurity \\\"restricted:latest\\\": allowPrivilegeEscalation != false"));
            Assert.That(events.Items[0].Type, Is.EqualTo("Warning"));
            Assert.That(events.Items[0].InvolvedObject.Kind, Is.EqualTo("Job"));
            Assert.That(events.Items[0].Message, Does.Match("^Error creating: pods \"psa-[a-z0-9]{5}\" is forbidden: violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false"));
            Assert.That(pods.Items, Is.Empty);
        });
    }

    /// <summary>
    /// Labels the namespace with the enforce level, and creates the pods' own service account so a
    /// real cluster's ServiceAccount admission cannot race the namespace's "default" account.
    /// </summary>
    private Task EnforceAsync(string level) =>
        LabelAsync(new Dictionary<string, string> { ["pod-security.kubernetes.io/enforce"] = level });

    /// <summary>
    /// Real Pod Security admission reads namespaces from an informer cache, so the labels are awaited
    /// with a dry-run privileged pod until the level in force refuses it.
    /// </summary>
    private async Task LabelAsync(Dictionary<string, string> labels)
    {
        await Client.CoreV1.PatchNamespaceAsync(new V1Patch(KubernetesJson.Serialize(new { metadata = new { labels } }), V1Patch.PatchType.MergePatch), Ns);
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "runner" } }, Ns);
        var probe = CompliantPod("probe");
        MainContainer(probe).SecurityContext.Privileged = true;
        var enforced = labels.ContainsKey("pod-security.kubernetes.io/enforce");
        await Eventually(async () =>
        {
            try
            {
                var response = await Client.CoreV1.CreateNamespacedPodWithHttpMessagesAsync(probe, Ns, dryRun: "All");
                return !enforced && Warnings(response.Response).Any();
            }
            catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode == 403)
            {
                return enforced;
            }
        }, "the namespace's Pod Security labels in force", seconds: 30);
    }

    private static TestCaseData Case(string name, Action<V1Pod> breakRule, string violation) =>
        new TestCaseData(breakRule, violation).SetArgDisplayNames(name);

    private static V1Container MainContainer(V1Pod pod) => pod.Spec.Containers[0];

    private static void AddVolume(V1Pod pod, V1Volume volume) => (pod.Spec.Volumes ??= []).Add(volume);

    private static IEnumerable<string> Warnings(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Warning", out var values) ? values : [];

    private static V1Pod CompliantPod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            ServiceAccountName = "runner",
            AutomountServiceAccountToken = false,
            RestartPolicy = "Never",
            SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } },
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "busybox:1.36",
                    Command = ["sleep", "3600"],
                    SecurityContext = new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } },
                },
            ],
        },
    };
}
