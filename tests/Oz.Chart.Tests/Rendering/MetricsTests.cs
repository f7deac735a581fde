using Oz.Chart.Tests.Support.PodMonitoring;

namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class MetricsTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    [Test]
    public void MetricsServiceWithScrapeAnnotationsIsOnAndPodMonitorOffByDefault()
    {
        var chart = RenderWith();
        var service = chart.Single<V1Service>();

        Assert.Multiple(() =>
        {
            Assert.That(service.Metadata.Annotations["prometheus.io/scrape"], Is.EqualTo("true"));
            Assert.That(service.Metadata.Annotations["prometheus.io/port"], Is.EqualTo("9464"));
            Assert.That(service.Metadata.Annotations["prometheus.io/path"], Is.EqualTo("/metrics"));
            Assert.That(chart.All<PodMonitor>(), Is.Empty);
        });
    }

    [Test]
    public void MetricsTurnedOffLeaveNoPortServiceOrPodMonitorAndExportNothing()
    {
        var chart = RenderWith("--set", "metrics.enabled=false", "--set", "metrics.podMonitor.enabled=true");

        Assert.Multiple(() =>
        {
            Assert.That(chart.All<V1Service>(), Is.Empty);
            Assert.That(chart.All<PodMonitor>(), Is.Empty);
            Assert.That(chart.Deployment.Spec.Template.Spec.Containers.Single().Ports.Select(p => p.Name), Is.EqualTo(new[] { "health" }));
            Assert.That(ConfigFile.Of(chart).Get("telemetry", "metricsExporter"), Is.EqualTo("none"));
        });
    }

    [Test]
    public void TheOtlpExporterGetsItsEnvironmentAndNoPrometheusService()
    {
        var chart = RenderWith("--set", "metrics.exporter=otlp",
            "--set", "metrics.extraEnv[0].name=OTEL_EXPORTER_OTLP_ENDPOINT", "--set", "metrics.extraEnv[0].value=http://collector:4318");
        var env = chart.Deployment.Spec.Template.Spec.Containers.Single().Env;

        Assert.Multiple(() =>
        {
            Assert.That(chart.All<V1Service>(), Is.Empty);
            Assert.That(ConfigFile.Of(chart).Get("telemetry", "metricsExporter"), Is.EqualTo("otlp"));
            Assert.That(env.Single(e => e.Name == "OTEL_EXPORTER_OTLP_ENDPOINT").Value, Is.EqualTo("http://collector:4318"));
        });
    }

    [Test]
    public void DashboardConfigMapIsOffByDefault()
    {
        var chart = RenderWith();

        Assert.That(chart.All<V1ConfigMap>().Where(c => c.Data?.ContainsKey("oz-operator.json") == true), Is.Empty);
    }

    [Test]
    public void DashboardConfigMapCarriesTheGrafanaLabelAndTheDashboardJson()
    {
        var chart = RenderWith("--set", "metrics.dashboard.enabled=true");
        var dashboard = chart.All<V1ConfigMap>().Single(c => c.Data?.ContainsKey("oz-operator.json") == true);
        var json = System.Text.Json.JsonDocument.Parse(dashboard.Data["oz-operator.json"]);

        Assert.Multiple(() =>
        {
            Assert.That(dashboard.Metadata.Labels["grafana_dashboard"], Is.EqualTo("1"));
            Assert.That(json.RootElement.GetProperty("panels").GetArrayLength(), Is.GreaterThan(0));
        });
    }

    [Test]
    public void MetricsServiceSelectsTheOperatorPodsOnTheMetricsPort()
    {
        var chart = RenderWith("--set", "metrics.service.enabled=true");
        var service = chart.Single<V1Service>();
        var podLabels = chart.Deployment.Spec.Template.Metadata.Labels;

        Assert.Multiple(() =>
        {
            Assert.That(service.Spec.Selector, Is.SubsetOf(podLabels));
            Assert.That(service.Spec.Ports.Single().Port, Is.EqualTo(9464));
            Assert.That(service.Spec.Ports.Single().TargetPort.Value, Is.EqualTo("metrics"));
        });
    }

    [Test]
    public void PodMonitorScrapesMetricsFromTheOperatorPods()
    {
        var chart = RenderWith("--set", "metrics.podMonitor.enabled=true", "--set", "metrics.podMonitor.labels.release=prom");
        var monitor = chart.Single<PodMonitor>();
        var endpoint = monitor.Spec.PodMetricsEndpoints.Single();

        Assert.Multiple(() =>
        {
            Assert.That(monitor.Spec.Selector.MatchLabels, Is.SubsetOf(chart.Deployment.Spec.Template.Metadata.Labels));
            Assert.That(monitor.Spec.NamespaceSelector!.MatchNames, Is.EqualTo(new[] { Helm.ReleaseNamespace }));
            Assert.That(monitor.Metadata.Labels, Does.ContainKey("release").WithValue("prom"));
            Assert.That(endpoint.Port, Is.EqualTo("metrics"));
            Assert.That(endpoint.Path, Is.EqualTo("/metrics"));
            Assert.That(endpoint.Interval, Is.EqualTo("30s"));
        });
    }

    [Test]
    public void MetricsPortIsDeclaredOnTheOperatorContainer()
    {
        var port = RenderWith().Deployment.Spec.Template.Spec.Containers.Single().Ports.Single(p => p.Name == "metrics");

        Assert.That(port.ContainerPort, Is.EqualTo(9464));
    }
}
