namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class DeploymentTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private V1Container Operator(RenderedChart chart) => chart.Deployment.Spec.Template.Spec.Containers.Single();

    [Test]
    public void OperatorRunsWithTheMountedConfigFile()
    {
        var chart = RenderWith();
        var container = Operator(chart);
        var mount = container.VolumeMounts.Single(m => m.MountPath == "/etc/oz-operator");
        var volume = chart.Deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == mount.Name);

        Assert.Multiple(() =>
        {
            Assert.That(container.Args, Is.EqualTo(new[] { "run", "--config", "/etc/oz-operator/config.yaml" }));
            Assert.That(container.Image, Is.EqualTo("ghcr.io/warpdotdev/oz-operator:0.1.0"));
            Assert.That(mount.ReadOnlyProperty, Is.True);
            Assert.That(volume.ConfigMap.Name, Is.EqualTo(chart.ConfigMap.Metadata.Name));
        });
    }

    [Test]
    public void ImageDigestTakesThePlaceOfTheTag()
    {
        var container = Operator(RenderRich());

        Assert.That(container.Image, Is.EqualTo(
            "registry.example.com/oz/oz-operator@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
    }

    [Test]
    public void LivenessAndReadinessProbeHealthzAndReadyzOnTheHealthPort()
    {
        var container = Operator(RenderWith());
        var healthPort = container.Ports.Single(p => p.Name == "health");

        Assert.Multiple(() =>
        {
            Assert.That(healthPort.ContainerPort, Is.EqualTo(8081));
            Assert.That(container.LivenessProbe.HttpGet.Path, Is.EqualTo("/healthz"));
            Assert.That(container.LivenessProbe.HttpGet.Port.Value, Is.EqualTo("health"));
            Assert.That(container.ReadinessProbe.HttpGet.Path, Is.EqualTo("/readyz"));
            Assert.That(container.ReadinessProbe.HttpGet.Port.Value, Is.EqualTo("health"));
        });
    }

    [Test]
    public void ResourceRequestsAreSet()
    {
        var resources = Operator(RenderWith()).Resources;

        Assert.That(resources.Requests.Keys, Is.SupersetOf(new[] { "cpu", "memory" }));
        Assert.That(resources.Limits.Keys, Does.Contain("memory"));
    }

    [Test]
    public void PodNameAndNamespaceComeFromTheDownwardApi()
    {
        var env = Operator(RenderWith()).Env.ToDictionary(e => e.Name);

        Assert.Multiple(() =>
        {
            Assert.That(env["POD_NAME"].ValueFrom.FieldRef.FieldPath, Is.EqualTo("metadata.name"));
            Assert.That(env["POD_NAMESPACE"].ValueFrom.FieldRef.FieldPath, Is.EqualTo("metadata.namespace"));
        });
    }

    [Test]
    public void SeveralReplicasRenderWithLeaderElectionOn()
    {
        var chart = RenderWith("--set", "replicaCount=3");

        Assert.That(chart.Deployment.Spec.Replicas, Is.EqualTo(3));
        Assert.That(ConfigFile.Of(chart).Get("leaderElection", "enabled"), Is.EqualTo("true"));
    }

    [Test]
    public void SeveralReplicasWithoutLeaderElectionAreRefused()
    {
        AssertRefused(["--set", "replicaCount=2", "--set", "leaderElection.enabled=false"], "replicaCount > 1 needs leaderElection.enabled=true");
    }

    [Test]
    public void TheGracePeriodComesFromTheValuesAndOutlastsTheShutdownTimeout()
    {
        var chart = RenderWith("--set", "terminationGracePeriodSeconds=45", "--set", "worker.shutdownTimeout=4s");

        Assert.That(chart.Deployment.Spec.Template.Spec.TerminationGracePeriodSeconds, Is.EqualTo(45));
        Assert.That(ConfigFile.Of(chart).Get("shutdownTimeout"), Is.EqualTo("4s"));
    }

    [Test]
    public void ListenAddressesReachTheConfigFileOnlyWhenSet()
    {
        var set = ConfigFile.Of(RenderWith("--set", "health.address=0.0.0.0", "--set", "metrics.address=::"));
        var unset = ConfigFile.Of(RenderWith());

        Assert.That(set.Get("telemetry", "healthAddress"), Is.EqualTo("0.0.0.0"));
        Assert.That(set.Get("telemetry", "metricsAddress"), Is.EqualTo("::"));
        Assert.That(unset.Node("telemetry"), Is.Not.Null);
        Assert.That(YamlTree.Canonical(unset.Node("telemetry")), Does.Not.Contain("Address"));
    }

    [Test]
    public void AShutdownTimeoutNotShorterThanTheGracePeriodIsRefused()
    {
        AssertRefused(["--set", "worker.shutdownTimeout=1m", "--set", "terminationGracePeriodSeconds=60"],
            "worker.shutdownTimeout (1m) must be shorter than terminationGracePeriodSeconds (60)");
    }

    [Test]
    public void ConfigChangesRollThePods()
    {
        string Checksum(RenderedChart chart) => chart.Deployment.Spec.Template.Metadata.Annotations["checksum/config"];

        Assert.That(Checksum(RenderWith("--set", "worker.maxConcurrentTasks=3")), Is.Not.EqualTo(Checksum(RenderWith())));
    }

    [Test]
    public void SchedulingValuesReachTheOperatorPod()
    {
        var spec = RenderRich().Deployment.Spec.Template.Spec;

        Assert.Multiple(() =>
        {
            Assert.That(spec.NodeSelector, Does.ContainKey("kubernetes.io/os").WithValue("linux"));
            Assert.That(spec.Tolerations.Single().Key, Is.EqualTo("control-plane"));
            Assert.That(spec.Affinity.PodAntiAffinity, Is.Not.Null);
            Assert.That(spec.TopologySpreadConstraints.Single().TopologyKey, Is.EqualTo("topology.kubernetes.io/zone"));
            Assert.That(spec.PriorityClassName, Is.EqualTo("system-cluster-critical"));
            Assert.That(spec.ImagePullSecrets.Single().Name, Is.EqualTo("registry-credentials"));
        });
    }
}
