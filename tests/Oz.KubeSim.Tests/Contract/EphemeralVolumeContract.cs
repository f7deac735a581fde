namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// Generic ephemeral volumes (the operator's workspaceClaim): the API server checks the claim
/// template, the ephemeral volume controller makes the claim &lt;pod&gt;-&lt;volume&gt; owned by the
/// pod, and a Job whose pod mounts one completes.
/// </summary>
public abstract class EphemeralVolumeContract : ClusterTestBase
{
    private const double Wait = 120;

    private static V1PodSpec Spec(V1PersistentVolumeClaimSpec claim, string command = "true") => new()
    {
        RestartPolicy = "Never",
        Containers = [new V1Container { Name = "task", Image = "busybox:1.36", Command = ["sh", "-c", command], VolumeMounts = [new V1VolumeMount { Name = "workspace", MountPath = "/workspace" }] }],
        Volumes = [new V1Volume { Name = "workspace", Ephemeral = new V1EphemeralVolumeSource { VolumeClaimTemplate = new V1PersistentVolumeClaimTemplate { Spec = claim } } }],
    };

    private static V1PersistentVolumeClaimSpec Claim() => new()
    {
        AccessModes = ["ReadWriteOnce"],
        Resources = new V1VolumeResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new("64Mi") } },
    };

    [Test]
    public async Task AClaimTemplateWithoutAccessModesOrStorageIsInvalid()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "bad" }, Spec = Spec(new V1PersistentVolumeClaimSpec()) };

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(pod, Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: at least 1 access mode is required"));
            Assert.That(status.Message, Does.Contain("spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources[storage]: Required value"));
        });
    }

    [Test]
    public async Task AJobWhosePodMountsAnEphemeralVolumeCompletesAndItsClaimIsOwnedByThePod()
    {
        var job = new V1Job
        {
            Metadata = new V1ObjectMeta { Name = "ws" },
            Spec = new V1JobSpec
            {
                BackoffLimit = 0,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubesim.oz/outcome"] = "exit:0" } },
                    Spec = Spec(Claim(), "touch /workspace/file && test -f /workspace/file"),
                },
            },
        };
        await Client.BatchV1.CreateNamespacedJobAsync(job, Ns);

        V1Pod? pod = null;
        await Eventually(async () => (pod = (await Client.CoreV1.ListNamespacedPodAsync(Ns, labelSelector: "batch.kubernetes.io/job-name=ws")).Items.FirstOrDefault()) is not null, "the Job's pod", Wait);
        V1PersistentVolumeClaim? claim = null;
        await Eventually(async () => (claim = (await Client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(Ns)).Items.FirstOrDefault(c => c.Metadata.Name == $"{pod!.Metadata.Name}-workspace")) is not null, "the claim <pod>-workspace", Wait);
        await Eventually(async () => (await Client.BatchV1.ReadNamespacedJobAsync("ws", Ns)).Status?.Conditions?.Any(c => c.Type == "Complete" && c.Status == "True") == true, "Complete", Wait);

        var owner = claim!.Metadata.OwnerReferences.Single();
        Assert.Multiple(() =>
        {
            Assert.That((owner.Kind, owner.Name, owner.Uid, owner.Controller), Is.EqualTo(("Pod", pod!.Metadata.Name, pod.Metadata.Uid, (bool?)true)));
            Assert.That(claim.Spec.AccessModes, Is.EqualTo(new[] { "ReadWriteOnce" }));
            Assert.That(claim.Spec.Resources.Requests["storage"].ToString(), Is.EqualTo("64Mi"));
        });
    }
}
