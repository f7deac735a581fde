using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>Whether the API server serves image volumes, found by a dry-run, and what that means for useImageVolumes.</summary>
public sealed class ImageVolumeCheckTests
{
    // What kube-apiserver answers when the ImageVolume gate is off: the image source is dropped, leaving a volume without a type.
    private const string Refusal = "Job.batch \\\"x\\\" is invalid: spec.template.spec.volumes[1]: Required value: must specify a volume type";

    [TestCase(false)]
    [TestCase(true)]
    public async Task AServerThatServesImageVolumesPasses(bool useImageVolumes)
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = cluster.CreateClient();
        var options = PreflightCluster.Options() with { UseImageVolumes = useImageVolumes };

        var result = await new ImageVolumeCheck().RunAsync(cluster.Context(client, options), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
            Assert.That(result.Detail, Does.Contain("image volumes are served"));
            Assert.That(cluster.Jobs(), Is.Empty, "a dry run stores nothing");
        });
    }

    [Test]
    public async Task WithUseImageVolumesOnAServerWithoutThemFails()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = InjectedAnswers.Client(cluster, new InjectedAnswers(InjectedAnswers.DryRunJobCreate, HttpStatusCode.UnprocessableEntity, Refusal));
        var options = PreflightCluster.Options() with { UseImageVolumes = true };

        var result = await new ImageVolumeCheck().RunAsync(cluster.Context(client, options), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo(ImageVolumeCheck.NotServed));
            Assert.That(result.Detail, Does.Contain("must specify a volume type"));
            Assert.That(result.Fix, Does.Contain("useImageVolumes=false").And.Contain("1.35"));
        });
    }

    [Test]
    public async Task WithUseImageVolumesOffAServerWithoutThemIsOnlyReported()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = InjectedAnswers.Client(cluster, new InjectedAnswers(InjectedAnswers.DryRunJobCreate, HttpStatusCode.UnprocessableEntity, Refusal));

        var result = await new ImageVolumeCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed));
            Assert.That(result.Detail, Does.Contain("not served"));
        });
    }
}
