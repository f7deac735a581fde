using Oz.Operator.Health;

namespace Oz.Operator.Tests.Health;

public sealed class HealthServerTests
{
    // NUnit shares one fixture instance between tests: everything is made fresh in SetUp.
    private LivenessChecks liveness = null!;
    private ReadinessGates readiness = null!;
    private HealthServer server = null!;
    private HttpClient http = null!;

    [SetUp]
    public async Task SetUp()
    {
        liveness = new LivenessChecks();
        readiness = new ReadinessGates();
        server = new HealthServer(new HealthOptions { Port = 0, BindAddress = "127.0.0.1" }, liveness, readiness, NullLogger<HealthServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Port}") };
    }

    [TearDown]
    public async Task TearDown()
    {
        http.Dispose();
        await server.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> Get(string path)
    {
        using var response = await http.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task HealthzIsOkWhileEveryLivenessCheckPasses()
    {
        liveness.Add("loop", () => new HealthCheckResult("loop", true));

        var (status, body) = await Get("/healthz");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo("ok\n"));
    }

    [Test]
    public async Task ReadyzFailsForAnInformerFailingLongerThanTheThreshold()
    {
        readiness.TrackInformer(new StubInformer("jobs", DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10)), TimeSpan.FromMinutes(3));
        readiness.TrackInformer(new StubInformer("pods", DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5)), TimeSpan.FromMinutes(3));

        var (status, body) = await Get("/readyz");

        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body, Does.Contain("[-]informer-jobs failed"));
        Assert.That(body, Does.Not.Contain("informer-pods"));
    }

    [Test]
    public async Task ACheckThatThrowsFailsHealthzWithItsMessage()
    {
        liveness.Add("broken", () => throw new InvalidOperationException("wedged"));

        var (status, body) = await Get("/healthz");

        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body, Does.Contain("[-]broken failed: wedged"));
    }

    [Test]
    public async Task ReadyzWaitsForEveryGate()
    {
        readiness.Require(ReadinessGates.Preflight);
        readiness.Require(ReadinessGates.CachesSynced);

        var before = await Get("/readyz");
        readiness.Open(ReadinessGates.Preflight);
        var half = await Get("/readyz");
        readiness.Open(ReadinessGates.CachesSynced);
        var after = await Get("/readyz");

        Assert.That(before.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(before.Body, Does.Contain("[-]preflight").And.Contain("[-]caches-synced"));
        Assert.That(half.Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(half.Body, Does.Not.Contain("preflight"));
        Assert.That(after.Status, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task AGateClosedAgainMakesReadyzFail()
    {
        readiness.Open(ReadinessGates.Preflight);
        readiness.Close(ReadinessGates.Preflight, "re-running");

        var (status, body) = await Get("/readyz");

        Assert.That(status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(body, Does.Contain("[-]preflight failed: re-running"));
    }

    [Test]
    public async Task VerboseListsEveryCheck()
    {
        readiness.Open(ReadinessGates.Preflight);
        readiness.Open(ReadinessGates.LeaderElection);

        var (status, body) = await Get("/readyz?verbose");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Is.EqualTo("[+]leader-election ok\n[+]preflight ok\nok\n"));
    }

    [Test]
    public async Task CachesSyncedOpensOnceEveryInformerHasListed()
    {
        var jobs = new StubInformer("jobs", null);
        var pods = new StubInformer("pods", null);
        var opening = readiness.OpenWhenSyncedAsync([jobs, pods], CancellationToken.None);

        jobs.Sync();
        Assert.That((await Get("/readyz")).Status, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        pods.Sync();
        await Eventually.Within(opening, "the gate to open");

        Assert.That((await Get("/readyz")).Status, Is.EqualTo(HttpStatusCode.OK));
    }

    internal sealed class StubInformer(string name, DateTimeOffset? failingSince) : IInformer
    {
        private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;

        public bool HasSynced => synced.Task.IsCompleted;

        public DateTimeOffset? FailingSince => failingSince;

        public long WatchRestarts => 0;

        public void Sync() => synced.TrySetResult();

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.Task.WaitAsync(cancellationToken);
    }
}
