using Oz.Operator.Configuration;

namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class ConfigFileTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    [Test]
    public void DefaultConfigHoldsTheRequiredValuesAndTheChartDefaults()
    {
        var config = ConfigFile.Of(RenderWith());

        var expected = YamlTree.LoadMap("""
            workerId: ci-worker
            namespace: oz-system
            defaultImage: ubuntu:22.04
            preflightImage: busybox:1.36
            activeDeadlineSeconds: 28800
            useImageVolumes: false
            cleanup: true
            deleteHandMadeTasks: false
            acceptUnlabelledTasks: true
            maxConcurrentTasks: 0
            logLevel: Information
            logFormat: json
            telemetry:
              healthPort: 8081
              metricsPort: 9464
              metricsExporter: prometheus
            taskSecrets:
              denied: oz-agent-worker
            leaderElection:
              enabled: true
            """);
        Assert.That(YamlTree.Canonical(config.Root), Is.EqualTo(YamlTree.Canonical(expected)));
    }

    [Test]
    public void EveryWorkerValueReachesTheConfigFileUnderItsOwnKey()
    {
        var config = ConfigFile.Of(RenderRich());
        var worker = (Dictionary<object, object?>)YamlTree.LoadMapFile(RepositoryPaths.CiValues("rich"))["worker"]!;

        Assert.Multiple(() =>
        {
            foreach (var (key, value) in worker)
            {
                Assert.That(YamlTree.Canonical(config.Node(key.ToString()!)), Is.EqualTo(YamlTree.Canonical(value)), $"worker.{key}");
            }
        });
    }

    [Test]
    public void OperatorWideValuesReachTheConfigFile()
    {
        var config = ConfigFile.Of(RenderRich());

        Assert.Multiple(() =>
        {
            Assert.That(config.Get("logLevel"), Is.EqualTo("Debug"));
            Assert.That(config.Get("logFormat"), Is.EqualTo("console"));
            Assert.That(config.Get("telemetry", "healthPort"), Is.EqualTo("8181"));
            Assert.That(config.Get("telemetry", "metricsPort"), Is.EqualTo("9090"));
            Assert.That(config.Get("oz", "webSocketUrl"), Is.EqualTo("wss://oz.example.com/api/v1/selfhosted/worker/ws"));
            Assert.That(config.Get("oz", "serverRootUrl"), Is.EqualTo("https://oz.example.com"));
            Assert.That(config.Get("leaderElection", "enabled"), Is.EqualTo("true"));
            Assert.That(config.Get("leaderElection", "leaseName"), Is.EqualTo("oz-leader"));
            Assert.That(config.Get("leaderElection", "leaseDuration"), Is.EqualTo("15s"));
            Assert.That(config.Get("leaderElection", "renewDeadline"), Is.EqualTo("10s"));
            Assert.That(config.Get("leaderElection", "retryPeriod"), Is.EqualTo("2s"));
        });
    }

    [Test]
    public void OnlyKeysTheOperatorKnowsAreRendered()
    {
        foreach (var config in new[] { ConfigFile.Of(RenderWith()), ConfigFile.Of(RenderRich()) })
        {
            Assert.That(config.Keys, Is.SubsetOf(OperatorConfigKeys.TopLevel));
            Assert.That(((Dictionary<object, object?>?)config.Node("oz"))?.Keys.Select(k => k.ToString()) ?? [], Is.SubsetOf(OperatorConfigKeys.Oz));
            Assert.That(((Dictionary<object, object?>)config.Node("leaderElection")!).Keys.Select(k => k.ToString()), Is.SubsetOf(OperatorConfigKeys.LeaderElection));
            Assert.That(((Dictionary<object, object?>)config.Node("telemetry")!).Keys.Select(k => k.ToString()), Is.SubsetOf(OperatorConfigKeys.Telemetry));
        }
    }

    [Test]
    public void PortsInTheConfigMatchTheContainerPorts()
    {
        var chart = RenderRich();
        var config = ConfigFile.Of(chart);
        var ports = chart.Deployment.Spec.Template.Spec.Containers.Single().Ports.ToDictionary(p => p.Name, p => p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(config.Get("telemetry", "healthPort"), Is.EqualTo(ports["health"]));
        Assert.That(config.Get("telemetry", "metricsPort"), Is.EqualTo(ports["metrics"]));
    }

    [Test]
    public void RenderedConfigFilesLoadWithTheOperatorsConfigurationLoader()
    {
        foreach (var (name, chart) in new[] { ("default", RenderWith()), ("rich", RenderRich()) })
        {
            var path = Path.Combine(Path.GetTempPath(), $"oz-chart-config-{Guid.NewGuid():N}.yaml");
            File.WriteAllText(path, chart.ConfigMap.Data["config.yaml"]);
            try
            {
                var result = ConfigurationLoader.Load(path, new Dictionary<string, string>(), ParsedFlags.Empty);

                Assert.That(result.Errors.Select(e => e.ToString()), Is.Empty, $"{name} values");
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Test]
    public void ApiKeyIsNeverWrittenToTheConfigMap()
    {
        var chart = RenderWith("--set", "oz.apiKey=very-secret-key-123");

        Assert.That(string.Join("\n", chart.ConfigMap.Data.Values), Does.Not.Contain("very-secret-key-123"));
        Assert.That(ConfigFile.Of(chart).Keys, Has.None.Contain("apiKey").IgnoreCase);
    }

    [Test]
    public void TtlIsRenderedOnlyWhenSet()
    {
        Assert.That(ConfigFile.Of(RenderWith()).Keys, Does.Not.Contain("ttlSecondsAfterFinished"));
        Assert.That(ConfigFile.Of(RenderWith("--set", "worker.ttlSecondsAfterFinished=0")).Get("ttlSecondsAfterFinished"), Is.EqualTo("0"));
    }
}
