namespace Oz.KubeSim.Tests.Contract;

/// <summary>Patch types: JSON merge, JSON patch, strategic merge (lists merged by key), server-side apply.</summary>
public abstract class PatchContract : ClusterTestBase
{
    [Test]
    public async Task AMergePatchSetsAndRemovesKeys()
    {
        var cm = ConfigMap("m");
        cm.Data["drop"] = "x";
        await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);
        var patch = new V1Patch("""{"data":{"k":"new","drop":null}}""", V1Patch.PatchType.MergePatch);

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(patch, "m", Ns);

        Assert.That(patched.Data, Is.EqualTo(new Dictionary<string, string> { ["k"] = "new" }));
    }

    [Test]
    public async Task AJsonPatchAppliesOperationsInOrder()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("j"), Ns);
        var patch = new V1Patch("""[{"op":"add","path":"/data/a","value":"1"},{"op":"replace","path":"/data/k","value":"2"}]""", V1Patch.PatchType.JsonPatch);

        var patched = await Client.CoreV1.PatchNamespacedConfigMapAsync(patch, "j", Ns);

        Assert.That(patched.Data, Is.EqualTo(new Dictionary<string, string> { ["a"] = "1", ["k"] = "2" }));
    }

    private async Task CreatePodWithEnvAsync(string name)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["a"] = "1" } },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Image = "busybox:1.36", Env = [new V1EnvVar { Name = "A", Value = "1" }, new V1EnvVar { Name = "B", Value = "1" }] }],
            },
        };
        await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);
    }

    [Test]
    public async Task AStrategicMergePatchMergesContainersByNameKeepingTheirOtherFields()
    {
        await CreatePodWithEnvAsync("smp");
        var patch = new V1Patch("""{"metadata":{"labels":{"b":"2"}},"spec":{"containers":[{"name":"c","image":"busybox:1.37"}]}}""", V1Patch.PatchType.StrategicMergePatch);

        var patched = await Client.CoreV1.PatchNamespacedPodAsync(patch, "smp", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(patched.Metadata.Labels, Is.EqualTo(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }));
            Assert.That(patched.Spec.Containers.Single().Image, Is.EqualTo("busybox:1.37"));
            Assert.That(patched.Spec.Containers.Single().Env.Select(e => $"{e.Name}={e.Value}"), Is.EqualTo(new[] { "A=1", "B=1" }));
        });
    }

    [Test]
    public async Task AStrategicMergePatchChangingAPodsContainerEnvIsRefusedAsInvalid()
    {
        await CreatePodWithEnvAsync("smp-env");
        var patch = new V1Patch("""{"spec":{"containers":[{"name":"c","env":[{"name":"B","value":"2"}]}]}}""", V1Patch.PatchType.StrategicMergePatch);

        var (code, status) = await FailureOf(() => Client.CoreV1.PatchNamespacedPodAsync(patch, "smp-env", Ns));

        // Pod specs are immutable but for images, activeDeadlineSeconds, added tolerations and one grace-period case.
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Reason, Is.EqualTo("Invalid"));
            Assert.That(status.Message, Does.StartWith("Pod \"smp-env\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`"));
            Assert.That(status.Details.Causes.Single().Field, Is.EqualTo("spec"));
        });
    }

    [Test]
    public async Task ServerSideApplyCreatesThenUpdates()
    {
        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = "ssa" }, ["data"] = new JsonObject { ["k"] = "1" } };

        var created = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), "ssa", Ns, fieldManager: "test");
        body["data"]!["k"] = "2";
        var updated = await Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), "ssa", Ns, fieldManager: "test");

        Assert.Multiple(() =>
        {
            Assert.That(created.Data["k"], Is.EqualTo("1"));
            Assert.That(updated.Data["k"], Is.EqualTo("2"));
        });
    }
}
