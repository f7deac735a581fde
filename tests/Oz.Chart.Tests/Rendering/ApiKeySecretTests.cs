using System.Text;

namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class ApiKeySecretTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private static V1EnvVar? ApiKeyEnv(V1PodSpec pod) =>
        pod.Containers.Single().Env.SingleOrDefault(e => e.Name == "WARP_API_KEY");

    [Test]
    public void WithoutAnApiKeyTheReferenceDefaultSecretIsReadWhenItExists()
    {
        var chart = RenderWith();
        var reference = ApiKeyEnv(chart.Deployment.Spec.Template.Spec)!.ValueFrom.SecretKeyRef;

        Assert.Multiple(() =>
        {
            Assert.That(chart.All<V1Secret>(), Is.Empty);
            Assert.That(reference.Name, Is.EqualTo("oz-agent-worker"));
            Assert.That(reference.Key, Is.EqualTo("WARP_API_KEY"));
            Assert.That(reference.Optional, Is.True);
        });
    }

    [Test]
    public void AnInlineApiKeyGoesIntoAChartSecretReferencedByWarpApiKey()
    {
        var chart = RenderWith("--set", "oz.apiKey=key-123");
        var secret = chart.Single<V1Secret>();
        var env = ApiKeyEnv(chart.Deployment.Spec.Template.Spec)!;

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetString(secret.Data["WARP_API_KEY"]), Is.EqualTo("key-123"));
            Assert.That(env.ValueFrom.SecretKeyRef.Name, Is.EqualTo(secret.Metadata.Name));
            Assert.That(env.ValueFrom.SecretKeyRef.Key, Is.EqualTo("WARP_API_KEY"));
            Assert.That(env.Value, Is.Null);
        });
    }

    [Test]
    public void AnExistingSecretIsReferencedAndNoSecretIsCreated()
    {
        var chart = RenderRich();

        Assert.That(chart.All<V1Secret>(), Is.Empty);
        foreach (var pod in new[] { chart.Deployment.Spec.Template.Spec, chart.TestPod.Spec })
        {
            var reference = ApiKeyEnv(pod)!.ValueFrom.SecretKeyRef;
            Assert.That(reference.Name, Is.EqualTo("oz-credentials"));
            Assert.That(reference.Key, Is.EqualTo("token"));
        }
    }

    [Test]
    public void AnInlineKeyAndAnExistingSecretTogetherAreRefused()
    {
        AssertRefused(["--set", "oz.apiKey=k", "--set", "oz.existingSecret=s"], "oz.apiKey and oz.existingSecret are mutually exclusive");
    }
}
