using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// The preflight Job check learns the Job's fate from its watches. A watch that fails in a way no
/// retry mends (its events do not decode) must fail the check at once, naming the watch and the
/// error, instead of leaving the preflight to wait silently for its timeout.
/// </summary>
public sealed class PreflightWatchFailureTests
{
    [Test]
    public async Task AJobWatchWhoseEventsDoNotDecodeFailsTheCheckNamingTheWatch()
    {
        await using var cluster = await PreflightCluster.StartAsync();
        using var client = new k8s.Kubernetes(
            new KubernetesClientConfiguration { Host = cluster.Sim.Url, AccessToken = PreflightCluster.Token },
            new UndecodableJobWatch());

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo(JobDiagnosis.WatchFailed), result.Detail);
            Assert.That(result.Detail, Does.Contain("jobs watch"));
        });
    }

    /// <summary>Answers watches of Jobs with an event whose object's name is a number.</summary>
    private sealed class UndecodableJobWatch : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (!uri.AbsolutePath.EndsWith("/jobs", StringComparison.Ordinal) || !uri.Query.Contains("watch=true", StringComparison.Ordinal))
            {
                return await base.SendAsync(request, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                RequestMessage = request,
                Content = new StringContent("""{"type":"ADDED","object":{"metadata":{"name":5}}}""" + "\n", Encoding.UTF8, "application/json"),
            };
        }
    }
}
