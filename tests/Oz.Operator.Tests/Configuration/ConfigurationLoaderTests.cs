namespace Oz.Operator.Tests.Configuration;

public sealed class ConfigurationLoaderTests : TempDirectoryFixture
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();
    [Test]
    public void UnknownKeyIsReportedWithLineColumnAndSuggestion()
    {
        var result = LoadYaml("""
            workerId: worker-1
            namespace: tasks
            defaultImage: ubuntu:22.04
            cleanup: true
            maxConcurrentTasks: 4
            oz:
              websocketUrl: wss://oz.example/ws
            """);

        Assert.That(result.Errors.Select(e => e.ToString()),
            Is.EqualTo(new[] { "oz.websocketUrl (line 7, col 3): unknown key; did you mean oz.webSocketUrl?" }));
    }

    [Test]
    public void UnknownKeyFarFromAnyKnownOneHasNoSuggestion()
    {
        var result = LoadYaml("workerId: w\nfavouriteColour: blue\n");

        Assert.That(result.Errors.Single().ToString(), Is.EqualTo("favouriteColour (line 2, col 1): unknown key"));
    }

    [Test]
    public void MisplacedSectionKeyIsSuggestedWithItsSection()
    {
        var result = LoadYaml("workerId: w\nleaseName: my-lease\n");

        Assert.That(result.Errors.Single().Message, Does.Contain("did you mean leaderElection.leaseName?"));
    }

    private static IEnumerable<TestCaseData> WrongTypes()
    {
        TestCaseData Case(string yaml, string key, int line, string message) =>
            new TestCaseData(yaml, key, line, message).SetName($"{key}: {message}");

        yield return Case("workerId: w\nmaxConcurrentTasks: lots\n", "maxConcurrentTasks", 2, "expected an integer, got 'lots'");
        yield return Case("workerId: w\ncleanup: yes\n", "cleanup", 2, "expected true or false, got 'yes'");
        yield return Case("workerId: w\nunschedulableTimeout: 30\n", "unschedulableTimeout", 2, "expected a duration such as 30s, 15m or 1h30m, got '30'");
        yield return Case("workerId: w\nextraLabels: team\n", "extraLabels", 2, "expected a mapping of strings to strings");
        yield return Case("workerId: w\nextraLabels:\n  team: [a, b]\n", "extraLabels[\"team\"]", 3, "expected a string value");
        yield return Case("workerId: w\nnamespace:\n  - a\n", "namespace", 3, "expected a single value (a string), got a list");
        yield return Case("workerId: w\noz: wss://x\n", "oz", 2, "expected a mapping of keys");
        yield return Case("workerId: w\nttlSecondsAfterFinished: 99999999999\n", "ttlSecondsAfterFinished", 2, "value 99999999999 is out of range");
        yield return Case("workerId: w\nleaderElection:\n  leaseDuration: soon\n", "leaderElection.leaseDuration", 3, "expected a duration such as 30s, 15m or 1h30m, got 'soon'");
    }

    [TestCaseSource(nameof(WrongTypes))]
    public void WrongTypeIsReportedWithKeyAndLine(string yaml, string key, int line, string message)
    {
        var error = LoadYaml(yaml).Errors.Single();

        Assert.That((error.Key, error.Line, error.Message), Is.EqualTo((key, line, message)));
    }

    [Test]
    public void EveryProblemOfEveryLayerIsListed()
    {
        var result = ConfigurationLoader.Load(
            Write("workerId: warp-1\nmaxConcurrentTasks: many\nnamespce: x\nlogLevel: Loud\n"),
            new Dictionary<string, string> { ["OZ_TASK_RETENTION"] = "forever" },
            ParsedFlags.From(new Dictionary<string, string> { ["oz.serverRootUrl"] = "ftp://oz" }));

        Assert.That(result.Errors.Select(e => e.ToString()), Is.EquivalentTo(new[]
        {
            "maxConcurrentTasks (line 2, col 21): expected an integer, got 'many'",
            "namespce (line 3, col 1): unknown key; did you mean namespace?",
            "taskRetention (OZ_TASK_RETENTION): expected a duration such as 30s, 15m or 1h30m, got 'forever'",
            "workerId (line 1, col 1): ids starting with 'warp' are reserved by Oz",
            "logLevel (line 4, col 1): 'Loud' is not one of debug, info, warn, error, Trace, Debug, Information, Warning, Error, Critical, None",
            "oz.serverRootUrl (--oz-server-root-url): 'ftp://oz' is not an absolute http:// or https:// URL",
        }));
        Assert.That(result.Options, Is.Null);
    }

    [Test]
    public void MissingFileIsAnErrorNamingTheFile()
    {
        var result = ConfigurationLoader.Load("/nonexistent/oz-config.yaml", NoEnvironment, ParsedFlags.Empty);

        Assert.That(result.Errors.Single().ToString(), Does.StartWith("--config: cannot read configuration file '/nonexistent/oz-config.yaml'"));
    }

    [Test]
    public void InvalidYamlIsReportedWithItsLine()
    {
        var error = LoadYaml("workerId: w\nnamespace: [unclosed\n").Errors.Single();

        Assert.That((error.Key, error.Message), Is.EqualTo(("(file)", error.Message)));
        Assert.That(error.Message, Does.StartWith("not valid YAML"));
        Assert.That(error.Line, Is.Not.Null);
    }

    [Test]
    public void DuplicateKeyIsAnError() => Assert.That(LoadYaml("workerId: a\nworkerId: b\n").Errors.Single().Message, Does.StartWith("not valid YAML"));

    [Test]
    public void TopLevelListIsAnError() => Assert.That(LoadYaml("- workerId: a\n").Errors.Single().Message, Does.Contain("expected a mapping"));

    [Test]
    public void EmptyFileMeansDefaults()
    {
        var result = ConfigurationLoader.Load(Write(""), new Dictionary<string, string> { ["OZ_WORKER_ID"] = "w" }, ParsedFlags.Empty);

        Assert.That(result.Options, Is.EqualTo(new OperatorOptions { WorkerId = "w" }).Using<OperatorOptions>(SameScalars));
    }

    [Test]
    public void NullValueKeepsTheDefault()
    {
        var result = LoadYaml("workerId: w\nnamespace:\nsidecarImage: ~\n");

        Assert.That((result.Options?.Namespace, result.Options?.SidecarImage), Is.EqualTo(("default", (string?)null)));
    }

    [Test]
    public void EveryKeyIsReadFromTheFile()
    {
        var result = LoadYaml("""
            workerId: worker-1
            namespace: oz-tasks
            kubeconfig: /etc/kube/config
            defaultImage: debian:12
            imagePullPolicy: IfNotPresent
            preflightImage: busybox:1.37
            sidecarImage: oz-agent:2
            setupCommand: make deps
            teardownCommand: make clean
            extraLabels: {team: platform}
            extraAnnotations: {example.com/note: "a, b"}
            activeDeadlineSeconds: 3600
            ttlSecondsAfterFinished: 600
            workspaceSizeLimit: 20Gi
            unschedulableTimeout: 2m
            useImageVolumes: true
            cleanup: false
            maxConcurrentTasks: 8
            idleOnComplete: 10m
            taskRetention: 72h
            logLevel: Debug
            logFormat: console
            oz:
              webSocketUrl: ws://127.0.0.1:9000/ws
              serverRootUrl: http://127.0.0.1:9000
            leaderElection:
              enabled: false
              leaseName: my-lease
              leaseDuration: 30s
              renewDeadline: 20s
              retryPeriod: 5s
            telemetry:
              healthPort: 8082
              metricsPort: 9000
              metricsExporter: otlp
            """);

        Assert.That(result.Errors, Is.Empty);
        var o = result.Options!;
        Assert.Multiple(() =>
        {
            Assert.That((o.WorkerId, o.Namespace, o.Kubeconfig, o.DefaultImage, o.ImagePullPolicy, o.PreflightImage, o.SidecarImage),
                Is.EqualTo(("worker-1", "oz-tasks", "/etc/kube/config", "debian:12", "IfNotPresent", "busybox:1.37", "oz-agent:2")));
            Assert.That((o.SetupCommand, o.TeardownCommand), Is.EqualTo(("make deps", "make clean")));
            Assert.That(o.ExtraLabels, Is.EqualTo(new Dictionary<string, string> { ["team"] = "platform" }));
            Assert.That(o.ExtraAnnotations, Is.EqualTo(new Dictionary<string, string> { ["example.com/note"] = "a, b" }));
            Assert.That((o.ActiveDeadlineSeconds, o.TtlSecondsAfterFinished, o.WorkspaceSizeLimit, o.UnschedulableTimeout),
                Is.EqualTo((3600L, (int?)600, "20Gi", TimeSpan.FromMinutes(2))));
            Assert.That((o.UseImageVolumes, o.Cleanup, o.MaxConcurrentTasks, o.IdleOnComplete, o.TaskRetention),
                Is.EqualTo((true, false, 8, "10m", TimeSpan.FromHours(72))));
            Assert.That((o.LogLevel, o.LogFormat), Is.EqualTo(("Debug", "console")));
            Assert.That(o.Oz, Is.EqualTo(new OzOptions { WebSocketUrl = "ws://127.0.0.1:9000/ws", ServerRootUrl = "http://127.0.0.1:9000" }));
            Assert.That(o.LeaderElection, Is.EqualTo(new LeaderElectionOptions
            {
                Enabled = false,
                LeaseName = "my-lease",
                LeaseDuration = TimeSpan.FromSeconds(30),
                RenewDeadline = TimeSpan.FromSeconds(20),
                RetryPeriod = TimeSpan.FromSeconds(5),
            }));
            Assert.That(o.Telemetry, Is.EqualTo(new TelemetryOptions { HealthPort = 8082, MetricsPort = 9000, MetricsExporter = "otlp" }));
        });
    }

    [Test]
    public void ErrorFromAVariableNamesTheVariable()
    {
        var result = ConfigurationLoader.Load(null, new Dictionary<string, string> { ["OZ_WORKER_ID"] = "w", ["OZ_MAX_CONCURRENT_TASKS"] = "x" }, ParsedFlags.Empty);

        Assert.That(result.Errors.Single().ToString(), Is.EqualTo("maxConcurrentTasks (OZ_MAX_CONCURRENT_TASKS): expected an integer, got 'x'"));
    }

    [Test]
    public void ValidationErrorOfAFlagNamesTheFlag()
    {
        var result = ConfigurationLoader.Load(null, NoEnvironment, ParsedFlags.From(new Dictionary<string, string> { ["workerId"] = "warpy" }));

        Assert.That(result.Errors.Single().ToString(), Is.EqualTo("workerId (--worker-id): ids starting with 'warp' are reserved by Oz"));
    }

    private ConfigurationResult LoadYaml(string yaml) => ConfigurationLoader.Load(Write(yaml), NoEnvironment, ParsedFlags.Empty);

    private string Write(string yaml) => Temp.Write($"config-{Guid.NewGuid():N}.yaml", yaml);

    private static bool SameScalars(OperatorOptions a, OperatorOptions b) =>
        a with { ExtraLabels = b.ExtraLabels, ExtraAnnotations = b.ExtraAnnotations, CodingCliSidecars = b.CodingCliSidecars } == b &&
        a.ExtraLabels.Count == b.ExtraLabels.Count && a.ExtraAnnotations.Count == b.ExtraAnnotations.Count && a.CodingCliSidecars.Count == b.CodingCliSidecars.Count;
}
