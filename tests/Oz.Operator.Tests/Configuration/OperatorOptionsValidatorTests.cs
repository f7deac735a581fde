namespace Oz.Operator.Tests.Configuration;

public sealed class OperatorOptionsValidatorTests
{
    private static readonly OperatorOptions Valid = new() { WorkerId = "worker-1" };

    private static V1PodSpec Template(params V1Container[] containers) => new() { Containers = containers };

    private static IEnumerable<TestCaseData> Invalid()
    {
        TestCaseData Case(string key, OperatorOptions options, string because) => new TestCaseData(options, key).SetName($"{key}: {because}");

        yield return Case("workerId", Valid with { WorkerId = "" }, "required");
        yield return Case("workerId", Valid with { WorkerId = "Warp-worker" }, "warp prefix is reserved, in any case");
        yield return Case("workerId", Valid with { WorkerId = "has space" }, "must be label-safe");
        yield return Case("workerId", Valid with { WorkerId = new string('a', 64) }, "at most 63 characters");
        yield return Case("namespace", Valid with { Namespace = "Bad_NS" }, "DNS-1123 label");
        yield return Case("defaultImage", Valid with { DefaultImage = "" }, "non-empty");
        yield return Case("preflightImage", Valid with { PreflightImage = "busy box" }, "no spaces");
        yield return Case("sidecarImage", Valid with { SidecarImage = " " }, "blank when set");
        yield return Case("imagePullPolicy", Valid with { ImagePullPolicy = "Sometimes" }, "one of Always, IfNotPresent, Never");
        yield return Case("setupCommand", Valid with { SetupCommand = "" }, "blank when set");
        yield return Case("teardownCommand", Valid with { TeardownCommand = "" }, "blank when set");
        yield return Case("extraLabels[\"bad key\"]", Valid with { ExtraLabels = new Dictionary<string, string> { ["bad key"] = "v" } }, "label key syntax");
        yield return Case("extraLabels[\"team\"]", Valid with { ExtraLabels = new Dictionary<string, string> { ["team"] = "-platform" } }, "label value syntax");
        yield return Case("extraLabels[\"oz.warp.dev/agenttask\"]", Valid with { ExtraLabels = new Dictionary<string, string> { ["oz.warp.dev/agenttask"] = "x" } }, "operator labels are reserved");
        yield return Case("extraLabels[\"app.kubernetes.io/managed-by\"]", Valid with { ExtraLabels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "helm" } }, "managed-by is reserved");
        yield return Case("extraAnnotations[\"/note\"]", Valid with { ExtraAnnotations = new Dictionary<string, string> { ["/note"] = "v" } }, "annotation key syntax");
        yield return Case("activeDeadlineSeconds", Valid with { ActiveDeadlineSeconds = 0 }, "positive");
        yield return Case("ttlSecondsAfterFinished", Valid with { TtlSecondsAfterFinished = -1 }, "not negative");
        yield return Case("workspaceSizeLimit", Valid with { WorkspaceSizeLimit = "ten gigs" }, "a quantity");
        yield return Case("workspaceSizeLimit", Valid with { WorkspaceSizeLimit = "0" }, "positive quantity");
        yield return Case("unschedulableTimeout", Valid with { UnschedulableTimeout = TimeSpan.Zero }, "positive");
        yield return Case("workspaceClaim.size", Valid with { WorkspaceClaim = new WorkspaceClaimOptions { Size = "lots" } }, "claim size is a quantity");
        yield return Case("workspaceClaim.accessMode", Valid with { WorkspaceClaim = new WorkspaceClaimOptions { Size = "1Gi", AccessMode = "ReadWriteSometimes" } }, "claim access mode");
        yield return Case("workspaceClaim.size", Valid with { WorkspaceClaim = new WorkspaceClaimOptions { StorageClassName = "fast" } }, "storage class without a size");
        yield return Case("workspaceSizeLimit", Valid with { WorkspaceSizeLimit = "1Gi", WorkspaceClaim = new WorkspaceClaimOptions { Size = "1Gi" } }, "emptyDir limit and claim together");
        yield return Case("volumeMountTimeout", Valid with { VolumeMountTimeout = TimeSpan.FromSeconds(-1) }, "zero or positive");
        yield return Case("codingCliSidecars[\"claude code\"]", Valid with { CodingCliSidecars = new Dictionary<string, string> { ["claude code"] = "x:1" } }, "harness name syntax");
        yield return Case("codingCliSidecars[\"claude\"]", Valid with { CodingCliSidecars = new Dictionary<string, string> { ["claude"] = "an image" } }, "an image");
        yield return Case("taskRetention", Valid with { TaskRetention = TimeSpan.FromSeconds(-1) }, "positive");
        yield return Case("maxConcurrentTasks", Valid with { MaxConcurrentTasks = -1 }, "zero or more");
        yield return Case("reconcileWorkers", Valid with { ReconcileWorkers = 0 }, "at least one");
        yield return Case("idleOnComplete", Valid with { IdleOnComplete = "soon" }, "a duration");
        yield return Case("logLevel", Valid with { LogLevel = "Verbose" }, "a known level");
        yield return Case("logFormat", Valid with { LogFormat = "xml" }, "json or console");
        yield return Case("oz.webSocketUrl", Valid with { Oz = new OzOptions { WebSocketUrl = "https://oz.warp.dev/ws" } }, "ws or wss scheme");
        yield return Case("oz.serverRootUrl", Valid with { Oz = new OzOptions { ServerRootUrl = "app.warp.dev" } }, "absolute");
        yield return Case("oz.pingInterval", Valid with { Oz = new OzOptions { PingInterval = TimeSpan.Zero } }, "positive");
        yield return Case("oz.pingInterval", Valid with { Oz = new OzOptions { PingInterval = TimeSpan.FromMinutes(1) } }, "shorter than the dead-connection silence");
        yield return Case("leaderElection.leaseName", Valid with { LeaderElection = new LeaderElectionOptions { LeaseName = "Bad Name" } }, "object name syntax");
        yield return Case("leaderElection.leaseDuration", Valid with { LeaderElection = new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(10) } }, "longer than renewDeadline");
        yield return Case("leaderElection.renewDeadline", Valid with { LeaderElection = new LeaderElectionOptions { RenewDeadline = TimeSpan.FromSeconds(2) } }, "longer than retryPeriod");
        yield return Case("shutdownTimeout", Valid with { ShutdownTimeout = TimeSpan.Zero }, "positive");
        yield return Case("shutdownTimeout", Valid with { ShutdownTimeout = TimeSpan.FromSeconds(5) }, "shorter than leaseDuration - renewDeadline - retryPeriod");
        yield return Case("shutdownTimeout", Valid with { ShutdownTimeout = TimeSpan.FromSeconds(3) }, "exactly the margin is too long");
        yield return Case("telemetry.healthAddress", Valid with { Telemetry = new TelemetryOptions { HealthAddress = "localhost" } }, "an IP address");
        yield return Case("telemetry.metricsAddress", Valid with { Telemetry = new TelemetryOptions { MetricsAddress = "0.0.0.0:9464" } }, "an IP address without port");
        yield return Case("telemetry.healthPort", Valid with { Telemetry = new TelemetryOptions { HealthPort = 0 } }, "a port");
        yield return Case("telemetry.metricsPort", Valid with { Telemetry = new TelemetryOptions { MetricsPort = 70000 } }, "a port");
        yield return Case("telemetry.metricsPort", Valid with { Telemetry = new TelemetryOptions { MetricsPort = 8081 } }, "differs from healthPort");
        yield return Case("telemetry.metricsExporter", Valid with { Telemetry = new TelemetryOptions { MetricsExporter = "statsd" } }, "prometheus, otlp or none");
        yield return Case("podTemplate.containers[0].name", Valid with { PodTemplate = Template(new V1Container { Name = "copy-sidecar-0", Image = "x" }) }, "copy-sidecar names reserved");
        yield return Case("podTemplate.containers[1].name", Valid with { PodTemplate = Template(new V1Container { Name = "task" }, new V1Container { Name = "task" }) }, "names unique");
        yield return Case("podTemplate.containers[1].image", Valid with { PodTemplate = Template(new V1Container { Name = "task" }, new V1Container { Name = "proxy" }) }, "other containers need an image");
        yield return Case("podTemplate.initContainers[0].name", Valid with
        {
            SetupCommand = "make deps",
            PodTemplate = new V1PodSpec { Containers = [], InitContainers = [new V1Container { Name = "setup", Image = "x" }] },
        }, "setup is reserved when setupCommand is set");
        yield return Case("podTemplate.volumes[0].name", Valid with
        {
            PodTemplate = new V1PodSpec { Containers = [], Volumes = [new V1Volume { Name = "workspace", EmptyDir = new V1EmptyDirVolumeSource() }] },
        }, "workspace volume is the operator's");
        yield return Case("podTemplate.restartPolicy", Valid with { PodTemplate = new V1PodSpec { Containers = [], RestartPolicy = "Always" } }, "task pods use Never");
    }

    [TestCaseSource(nameof(Invalid))]
    public void ReportsTheProblemUnderItsKey(OperatorOptions options, string key)
    {
        var result = new OperatorOptionsValidator().Validate(options);

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { key }), string.Join("; ", result.Errors));
    }

    [Test]
    public void DefaultsWithAWorkerIdAreValid() => Assert.That(new OperatorOptionsValidator().Validate(Valid).Errors, Is.Empty);

    [Test]
    public void AShutdownTimeoutThatDoesNotFitTheLeaseSaysWhyAndWithWhichNumbers()
    {
        var options = Valid with { ShutdownTimeout = TimeSpan.FromSeconds(8), LeaderElection = new LeaderElectionOptions { LeaseDuration = TimeSpan.FromSeconds(15), RenewDeadline = TimeSpan.FromSeconds(10), RetryPeriod = TimeSpan.FromSeconds(2) } };

        var error = new OperatorOptionsValidator().Validate(options).Errors.Single();

        Assert.That(error.ErrorMessage, Does.Contain("8s must be shorter than leaderElection.leaseDuration - leaderElection.renewDeadline - leaderElection.retryPeriod (15s - 10s - 2s = 3s)")
            .And.Contain("stopped working before a standby may take it over"));
    }

    [Test]
    public void TheDefaultShutdownTimeoutFitsTheDefaultLeaseTimings() =>
        Assert.That(
            OperatorOptions.DefaultShutdownTimeout,
            Is.LessThan(OperatorOptionsValidator.StandbyMargin(new LeaderElectionOptions())),
            "the default shutdown deadline ends before a standby may take the Lease with the default timings");

    [Test]
    public void WithoutLeaderElectionAShutdownTimeoutLongerThanTheLeaseMarginIsValid() =>
        Assert.That(new OperatorOptionsValidator().Validate(Valid with { ShutdownTimeout = TimeSpan.FromSeconds(20), LeaderElection = new LeaderElectionOptions { Enabled = false } }).Errors, Is.Empty);

    [Test]
    public void ATemplateWithTaskAndExtraContainersIsValid()
    {
        var options = Valid with
        {
            ImagePullPolicy = "IfNotPresent",
            WorkspaceSizeLimit = "10Gi",
            IdleOnComplete = "10m",
            ExtraLabels = new Dictionary<string, string> { ["team"] = "platform", ["example.com/tier"] = "" },
            ExtraAnnotations = new Dictionary<string, string> { ["example.com/note"] = "anything, even spaces" },
            PodTemplate = Template(new V1Container { Name = "task" }, new V1Container { Name = "proxy", Image = "envoy:1" }),
        };

        Assert.That(new OperatorOptionsValidator().Validate(options).Errors, Is.Empty);
    }

    [Test]
    public void EveryProblemIsReportedAtOnce()
    {
        var options = Valid with { WorkerId = "", Namespace = "NS", MaxConcurrentTasks = -1, LogLevel = "loud" };

        var keys = new OperatorOptionsValidator().Validate(options).Errors.Select(e => e.PropertyName);

        Assert.That(keys, Is.EquivalentTo(new[] { "workerId", "namespace", "maxConcurrentTasks", "logLevel" }));
    }
}
