using System.Text;
using Oz.Chart.Tests.Support.PodMonitoring;
using Oz.Operator.Configuration;
using Oz.Operator.Configuration.Reference;
using YamlDotNet.RepresentationModel;

namespace Oz.Chart.Tests.Rendering;

/// <summary>
/// A values file written for oz-agent-worker's chart (ci/reference-values.yaml, every value set)
/// installs this chart unchanged, with the same meaning.
/// </summary>
[TestFixture(3)]
[TestFixture(4)]
public sealed class ReferenceValuesTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private static readonly string GoldenWorkerConfig =
        Path.Combine(RepositoryPaths.Root, "tests", "Oz.Chart.Tests", "Golden", "reference-values.worker-config.yaml");

    private RenderedChart RenderReference(params string[] setArguments)
    {
        var result = Helm.Template(HelmMajor, ["reference"], setArguments);
        Assert.That(result.ExitCode, Is.Zero, $"helm {HelmMajor} template failed: {result}");
        return new RenderedChart(ManifestLoader.LoadStrict(result.StandardOutput));
    }

    private static V1Container Operator(RenderedChart chart) => chart.Deployment.Spec.Template.Spec.Containers.Single();

    [Test]
    public void TaskSettingsMeanWhatTheReferenceChartsConfigFileSays()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(GoldenWorkerConfig)));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var errors = new List<ConfigurationError>();
        var converted = YamlTree.LoadMap(NativeConfigWriter.Convert(root, errors));
        var rendered = ConfigFile.Of(RenderReference());

        Assert.That(errors, Is.Empty);
        Assert.Multiple(() =>
        {
            foreach (var (key, value) in converted)
            {
                Assert.That(YamlTree.Canonical(rendered.Node(key.ToString()!)), Is.EqualTo(YamlTree.Canonical(value)), key.ToString());
            }
        });
    }

    [Test]
    public void TheOperatorLoadsTheRenderedConfigFile()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, RenderReference().ConfigMap.Data["config.yaml"]);
            var result = ConfigurationLoader.Load(path, new Dictionary<string, string>(), ParsedFlags.Empty);

            Assert.That(result.Errors, Is.Empty);
            Assert.That(result.Options!.LogLevel, Is.EqualTo("info"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void WorkerPodValuesShapeTheOperatorPod()
    {
        var chart = RenderReference();
        var pod = chart.Deployment.Spec.Template;
        var container = Operator(chart);

        Assert.Multiple(() =>
        {
            Assert.That(container.Resources.Requests["cpu"].ToString(), Is.EqualTo("100m"));
            Assert.That(container.Resources.Limits, Is.Null.Or.Empty);
            Assert.That(pod.Spec.NodeSelector["pool"], Is.EqualTo("system"));
            Assert.That(pod.Spec.Tolerations.Single().Key, Is.EqualTo("system"));
            Assert.That(pod.Spec.Affinity.NodeAffinity, Is.Not.Null);
            Assert.That(pod.Spec.TerminationGracePeriodSeconds, Is.EqualTo(45));
            Assert.That(pod.Spec.ImagePullSecrets.Single().Name, Is.EqualTo("registry-credentials"));
            Assert.That(pod.Metadata.Annotations["sidecar.istio.io/inject"], Is.EqualTo("false"));
            Assert.That(pod.Metadata.Labels["tier"], Is.EqualTo("agents"));
            Assert.That(chart.Deployment.Metadata.Annotations["team"], Is.EqualTo("platform"));
            Assert.That(container.Env.Single(e => e.Name == "HTTPS_PROXY").Value, Is.EqualTo("http://proxy.example.com:3128"));
            Assert.That(container.Env.Single(e => e.Name == "OTEL_METRIC_EXPORT_INTERVAL").Value, Is.EqualTo("30000"));
            Assert.That(container.Args.TakeLast(2), Is.EqualTo(new[] { "--log-format", "console" }));
            Assert.That(pod.Spec.SecurityContext.FsGroup, Is.Null);
            Assert.That(container.SecurityContext.ReadOnlyRootFilesystem, Is.Null);
        });
    }

    [Test]
    public void TheApiKeySecretIsMadeUnderTheReferenceNameAndKey()
    {
        var chart = RenderReference();
        var secret = chart.Single<V1Secret>();
        var reference = Operator(chart).Env.Single(e => e.Name == "WARP_API_KEY").ValueFrom.SecretKeyRef;

        Assert.Multiple(() =>
        {
            Assert.That(secret.Metadata.Name, Is.EqualTo("oz-agent-worker"));
            Assert.That(Encoding.UTF8.GetString(secret.Data["WARP_API_KEY"]), Is.EqualTo("wk-reference-values-key"));
            Assert.That(reference.Name, Is.EqualTo("oz-agent-worker"));
            Assert.That(reference.Key, Is.EqualTo("WARP_API_KEY"));
            Assert.That(reference.Optional, Is.Null);
            Assert.That(ConfigFile.Of(chart).Get("taskSecrets", "denied"), Is.EqualTo("oz-agent-worker"));
        });
    }

    [Test]
    public void AnExistingSecretNamedTheReferenceWayIsRequired()
    {
        var chart = RenderWith("--set", "warp.apiKeySecret.name=team-oz", "--set", "warp.apiKeySecret.key=token");
        var reference = Operator(chart).Env.Single(e => e.Name == "WARP_API_KEY").ValueFrom.SecretKeyRef;

        Assert.Multiple(() =>
        {
            Assert.That(chart.All<V1Secret>(), Is.Empty);
            Assert.That(reference.Name, Is.EqualTo("team-oz"));
            Assert.That(reference.Key, Is.EqualTo("token"));
            Assert.That(reference.Optional, Is.Null);
        });
    }

    [Test]
    public void TheReferenceDefaultLivenessProbeBecomesTheHealthEndpoint()
    {
        var probe = Operator(RenderReference()).LivenessProbe;

        Assert.That(probe.HttpGet.Path, Is.EqualTo("/healthz"));
        Assert.That(probe.Exec, Is.Null);
    }

    [Test]
    public void ACustomLivenessProbeIsKept()
    {
        var probe = Operator(RenderWith("--set", "worker.livenessProbe.tcpSocket.port=8081", "--set", "worker.livenessProbe.periodSeconds=7")).LivenessProbe;

        Assert.That(probe.TcpSocket.Port.Value, Is.EqualTo("8081"));
        Assert.That(probe.PeriodSeconds, Is.EqualTo(7));
        Assert.That(probe.HttpGet, Is.Null);
    }

    [Test]
    public void ANullLivenessProbeTurnsLivenessProbingOff()
    {
        Assert.That(Operator(RenderWith("--set", "worker.livenessProbe=null")).LivenessProbe, Is.Null);
    }

    [Test]
    public void TheMetricsServiceAndPodMonitorFollowTheReferenceNames()
    {
        var chart = RenderReference("--set", "metrics.service.type=NodePort");

        Assert.Multiple(() =>
        {
            Assert.That(chart.Single<V1Service>().Spec.Type, Is.EqualTo("NodePort"));
            Assert.That(chart.Single<PodMonitor>().Metadata.Labels["release"], Is.EqualTo("prometheus"));
        });
    }

    [Test]
    public void AReferencePodTemplateWrittenAsYamlTextIsParsed()
    {
        var config = ConfigFile.Of(RenderWith("--set-string", "kubernetesBackend.podTemplate=nodeSelector:\n  pool: agents\n"));

        Assert.That(config.Get("podTemplate", "nodeSelector", "pool"), Is.EqualTo("agents"));
    }

    [TestCase("worker.logLevel=warn")]
    [TestCase("worker.terminationGracePeriodSeconds=45")]
    [TestCase("worker.resources.requests.cpu=1")]
    [TestCase("worker.podSecurityContext.runAsUser=2000")]
    [TestCase("worker.securityContext.runAsUser=2000")]
    [TestCase("kubernetesBackend.defaultImage=example/image:1")]
    [TestCase("kubernetesBackend.preflightImage=example/busybox:1")]
    [TestCase("kubernetesBackend.activeDeadlineSeconds=60")]
    [TestCase("kubernetesBackend.volumeMountTimeout=2m")]
    [TestCase("metrics.service.create=false")]
    public void AReferenceValueAloneIsNoConflictWithTheNativeDefault(string reference)
    {
        var result = TemplateWith("--set", reference);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [TestCase("worker.logLevel=warn", "logLevel=Error", "worker.logLevel", "logLevel")]
    [TestCase("worker.terminationGracePeriodSeconds=45", "terminationGracePeriodSeconds=60", "worker.terminationGracePeriodSeconds", "terminationGracePeriodSeconds")]
    [TestCase("worker.nodeSelector.pool=a", "nodeSelector.pool=b", "worker.nodeSelector", "nodeSelector")]
    [TestCase("kubernetesBackend.defaultImage=example/a:1", "worker.defaultImage=example/b:1", "kubernetesBackend.defaultImage", "worker.defaultImage")]
    [TestCase("kubernetesBackend.namespace=a", "worker.namespace=b", "kubernetesBackend.namespace", "worker.namespace")]
    [TestCase("kubernetesBackend.volumeMountTimeout=5m", "worker.volumeMountTimeout=1m", "kubernetesBackend.volumeMountTimeout", "worker.volumeMountTimeout")]
    [TestCase("warp.webSocketURL=wss://a.example", "oz.webSocketUrl=wss://b.example", "warp.webSocketURL", "oz.webSocketUrl")]
    [TestCase("image.pullSecrets[0].name=a", "imagePullSecrets[0].name=b", "image.pullSecrets", "imagePullSecrets")]
    [TestCase("metrics.podMonitor.additionalLabels.a=b", "metrics.podMonitor.labels.c=d", "metrics.podMonitor.additionalLabels", "metrics.podMonitor.labels")]
    [TestCase("warp.apiKeySecret.name=a", "oz.existingSecret=b", "warp.apiKeySecret", "oz.apiKey/oz.existingSecret")]
    public void AReferenceValueAndItsNativeNameSetDifferentlyFailNamingBoth(string reference, string native, string referenceName, string nativeName)
    {
        AssertRefused(["--set", reference, "--set", native], referenceName, nativeName);
    }

    [Test]
    public void AReferenceValueEqualToItsNativeValueIsNoConflict()
    {
        var result = TemplateWith("--set", "worker.logLevel=warn", "--set", "logLevel=warn");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }

    [TestCase("image.repository=warpdotdev/oz-agent-worker", "this chart runs oz-operator")]
    [TestCase("metrics.exporter=console", "metrics.exporter=console is not supported")]
    [TestCase("warp.apiKeySecret.create=true", "warp.apiKeySecret.value is required")]
    public void ReferenceValuesThisChartCannotHonourFailWithTheReason(string value, string message)
    {
        AssertRefused(["--set", value], message);
    }
}
