using System.Text;

namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// A Secret's stringData is write-only: the API server merges each entry into data (base64; a
/// stringData key wins over the same data key) on every write and never stores or returns
/// stringData. Whoever reads the Secret back (the operator, the kubelet) sees only data.
/// </summary>
public abstract class SecretContract : ClusterTestBase
{
    private const double Wait = 120;

    private static V1Secret Secret(string name, Dictionary<string, string>? data = null, Dictionary<string, string>? stringData = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = data?.ToDictionary(e => e.Key, e => Encoding.UTF8.GetBytes(e.Value)),
        StringData = stringData,
    };

    private static Dictionary<string, string> Text(V1Secret secret) =>
        (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(e => e.Key, e => Encoding.UTF8.GetString(e.Value));

    [Test]
    public async Task OnCreateStringDataIsMergedIntoDataWinsOverTheSameKeyAndIsNeverReturned()
    {
        var secret = Secret("merged", data: new() { ["shared"] = "from-data", ["only-data"] = "kept" }, stringData: new() { ["shared"] = "from-stringData", ["only-string"] = "plain" });

        var created = await Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns);
        var read = await Client.CoreV1.ReadNamespacedSecretAsync("merged", Ns);

        var expected = new Dictionary<string, string> { ["shared"] = "from-stringData", ["only-data"] = "kept", ["only-string"] = "plain" };
        Assert.Multiple(() =>
        {
            Assert.That(Text(created), Is.EquivalentTo(expected), "the create's answer");
            Assert.That(created.StringData, Is.Null, "the create's answer");
            Assert.That(Text(read), Is.EquivalentTo(expected), "a later read");
            Assert.That(read.StringData, Is.Null, "a later read");
        });
    }

    [Test]
    public async Task AnUpdateOrAPatchWithStringDataOverwritesTheStoredKeyAndKeepsTheOthers()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("rotated", data: new() { ["token"] = "old", ["user"] = "oz" }), Ns);

        var current = await Client.CoreV1.ReadNamespacedSecretAsync("rotated", Ns);
        current.StringData = new Dictionary<string, string> { ["token"] = "new" };
        var updated = await Client.CoreV1.ReplaceNamespacedSecretAsync(current, "rotated", Ns);
        var patch = new V1Patch("""{"stringData":{"token":"newer","extra":"x"}}""", V1Patch.PatchType.MergePatch);
        var patched = await Client.CoreV1.PatchNamespacedSecretAsync(patch, "rotated", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(Text(updated), Is.EquivalentTo(new Dictionary<string, string> { ["token"] = "new", ["user"] = "oz" }));
            Assert.That(updated.StringData, Is.Null);
            Assert.That(Text(patched), Is.EquivalentTo(new Dictionary<string, string> { ["token"] = "newer", ["user"] = "oz", ["extra"] = "x" }));
            Assert.That(patched.StringData, Is.Null);
        });
    }

    [Test]
    public async Task AContainerWhoseEnvReferencesAKeyWrittenAsStringDataStartsWithItsValue()
    {
        await Client.CoreV1.CreateNamespacedSecretAsync(Secret("creds", stringData: new() { ["token"] = "plain" }), Ns);
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "reader", Annotations = new Dictionary<string, string> { ["kubesim.oz/outcome"] = "exit:0" } },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                Containers =
                [
                    new V1Container
                    {
                        Name = "task",
                        Image = "busybox:1.36",
                        Command = ["sh", "-c", "test \"$TOKEN\" = plain"],
                        Env = [new V1EnvVar { Name = "TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = "creds", Key = "token" } } }],
                    },
                ],
            },
        };

        await Client.CoreV1.CreateNamespacedPodAsync(pod, Ns);

        await Eventually(async () => (await Client.CoreV1.ReadNamespacedPodAsync("reader", Ns)).Status?.Phase == "Succeeded", "the pod succeeded", Wait);
    }
}
