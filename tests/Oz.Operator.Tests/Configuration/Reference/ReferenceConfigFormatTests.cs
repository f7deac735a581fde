namespace Oz.Operator.Tests.Configuration.Reference;

/// <summary>An oz-agent-worker configuration file works unchanged: every key of both generations keeps its meaning.</summary>
public sealed class ReferenceConfigFormatTests : TempDirectoryFixture
{
    [Test]
    public void LegacyGenerationFileAppliesEveryKey()
    {
        var options = LoadValid(ReferenceConfigFiles.LegacyGeneration, new Dictionary<string, string> { ["GITHUB_HOST"] = "github.example.com" });

        Assert.Multiple(() =>
        {
            Assert.That((options.WorkerId, options.Cleanup, options.MaxConcurrentTasks, options.IdleOnComplete), Is.EqualTo(("platform-k8s", false, 4, "10m")));
            Assert.That((options.Namespace, options.Kubeconfig, options.ImagePullPolicy, options.PreflightImage),
                Is.EqualTo(("oz-tasks", "/etc/oz/kubeconfig", "Always", "registry.example.com/busybox:1.36")));
            Assert.That((options.SetupCommand, options.TeardownCommand), Is.EqualTo(("echo setup", "echo teardown")));
            Assert.That(options.ExtraLabels, Is.EqualTo(new Dictionary<string, string> { ["team"] = "platform" }));
            Assert.That(options.ExtraAnnotations, Is.EqualTo(new Dictionary<string, string> { ["example.com/owner"] = "platform" }));
            Assert.That((options.ActiveDeadlineSeconds, options.WorkspaceSizeLimit, options.UnschedulableTimeout), Is.EqualTo((3600L, "20Gi", TimeSpan.FromMinutes(2))));
            Assert.That(options.Env, Is.EqualTo(new[] { new TaskEnvVar("HTTP_PROXY", "http://proxy.internal:3128"), new TaskEnvVar("GITHUB_HOST", "github.example.com") }));

            // The early scheduling keys are the native taskPod keys of the same meaning.
            Assert.That(options.PodTemplate, Is.Null);
            var taskPod = options.TaskPod;
            Assert.That(taskPod.ServiceAccountName, Is.EqualTo("oz-task"));
            Assert.That(taskPod.ImagePullSecrets, Is.EqualTo(new[] { "registry-creds" }));
            Assert.That(taskPod.NodeSelector, Is.EqualTo(new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" }));
            Assert.That(taskPod.Tolerations!.Select(t => (t.Key, t.OperatorProperty, t.Value, t.Effect, t.TolerationSeconds)),
                Is.EqualTo(new (string, string, string?, string, long?)[] { ("dedicated", "Equal", "oz", "NoSchedule", null), ("node.kubernetes.io/not-ready", "Exists", null, "NoExecute", 300) }));
            Assert.That(taskPod.TerminationGracePeriodSeconds, Is.EqualTo(45));
            Assert.That(taskPod.Resources!.Requests["cpu"].ToString(), Is.EqualTo("1"));
            Assert.That(taskPod.Resources.Limits["memory"].ToString(), Is.EqualTo("4Gi"));
        });
    }

    [Test]
    public void NewerGenerationFileAppliesEveryKey()
    {
        var options = LoadValid(ReferenceConfigFiles.NewerGeneration);

        Assert.Multiple(() =>
        {
            Assert.That((options.Cleanup, options.MaxConcurrentTasks, options.DefaultImage, options.ImagePullPolicy),
                Is.EqualTo((true, 8, "registry.example.com/dev:2026.1", "IfNotPresent")));
            Assert.That((options.UseImageVolumes, options.SidecarImage, options.TtlSecondsAfterFinished), Is.EqualTo((true, "registry.example.com/oz-sidecar:1", (int?)86400)));
            Assert.That(options.Env, Is.EqualTo(new[] { new TaskEnvVar("LOG_FORMAT", "json") }));
            Assert.That(options.PodTemplate!.ServiceAccountName, Is.EqualTo("oz-task"));
            Assert.That(options.PodTemplate.Containers.Single().Env.Single().ValueFrom.SecretKeyRef.Name, Is.EqualTo("github"));
            Assert.That(options.PreflightResources!.Requests["cpu"].ToString(), Is.EqualTo("20m"));
            Assert.That(options.PreflightResources.Requests["memory"].ToString(), Is.EqualTo("32Mi"));
            Assert.That(options.PreflightResources.Limits.Keys, Is.EqualTo(new[] { "memory" }));
            Assert.That(options.VolumeMountTimeout, Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(options.CodingCliSidecars, Is.EqualTo(new Dictionary<string, string> { ["claude"] = "registry.example.com/claude-wrapper:3" }));
        });
    }

    [Test]
    public void ConfigRenderedByTheReferenceChartIsAcceptedWithEveryValue()
    {
        var options = LoadValid(ReferenceConfigFiles.RenderedByTheReferenceChart);

        Assert.Multiple(() =>
        {
            Assert.That((options.WorkerId, options.MaxConcurrentTasks, options.IdleOnComplete, options.Namespace), Is.EqualTo(("platform-k8s", 4, "10m", "oz-tasks")));
            Assert.That((options.UnschedulableTimeout, options.VolumeMountTimeout), Is.EqualTo((TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2))));
            Assert.That(options.SetupCommand, Is.EqualTo("apt-get update\napt-get install -y jq"));
            Assert.That((options.WorkspaceSizeLimit, options.TtlSecondsAfterFinished, options.ActiveDeadlineSeconds), Is.EqualTo(("20Gi", (int?)86400, 28800L)));
            Assert.That(options.PodTemplate!.ServiceAccountName, Is.EqualTo("oz-task"));
            Assert.That(options.PreflightResources!.Limits["memory"].ToString(), Is.EqualTo("64Mi"));
        });
    }

    [Test]
    public void ConfigRenderedByTheReferenceChartWithItsDefaultValuesIsAccepted()
    {
        var options = LoadValid(ReferenceConfigFiles.RenderedByTheReferenceChartWithDefaults);

        Assert.That((options.Namespace, options.VolumeMountTimeout, options.UseImageVolumes), Is.EqualTo(("oz", TimeSpan.FromMinutes(2), false)));
    }

    [Test]
    public void PodTemplateWrittenAsAStringIsReadAsPodSpecYaml()
    {
        var options = LoadValid("""
            worker_id: w
            backend:
              kubernetes:
                pod_template: |
                  serviceAccountName: oz-task
                  runtimeClassName: gvisor
            """);

        Assert.That((options.PodTemplate!.ServiceAccountName, options.PodTemplate.RuntimeClassName), Is.EqualTo(("oz-task", "gvisor")));
    }

    [Test]
    public void EnvironmentEntryWithoutValueAbsentFromTheOperatorsEnvironmentIsEmpty()
    {
        var options = LoadValid("worker_id: w\nbackend:\n  kubernetes:\n    environment:\n      - name: NOT_SET_ANYWHERE\n");

        Assert.That(options.Env, Is.EqualTo(new[] { new TaskEnvVar("NOT_SET_ANYWHERE", "") }));
    }

    [Test]
    public void PodTemplateNextToLegacySchedulingKeysIsRefusedNamingThem()
    {
        var errors = LoadErrors("""
            worker_id: w
            backend:
              kubernetes:
                service_account: oz-task
                node_selector:
                  disk: ssd
                pod_template:
                  runtimeClassName: gvisor
            """);

        Assert.That(errors, Is.EqualTo(new[]
        {
            "backend.kubernetes.pod_template (line 7, col 5): cannot be combined with service_account, node_selector; move them into pod_template (serviceAccountName, nodeSelector)",
        }));
    }

    [Test]
    public void FileMixingBothFormatsIsRefusedNamingTheKeysOfEach()
    {
        var errors = LoadErrors("worker_id: w\nmaxConcurrentTasks: 2\ncleanup: true\nbackend: {}\n");

        Assert.That(errors.Single(), Does.Contain("worker_id, backend").And.Contain("(maxConcurrentTasks)").And.Contain("config convert"));
    }

    [TestCase("docker", "Docker backend")]
    [TestCase("direct", "direct (host) backend")]
    [TestCase("command", "command (dispatch) backend")]
    public void OtherBackendsAreRefusedSayingWhy(string backend, string named)
    {
        var errors = LoadErrors($"worker_id: w\nbackend:\n  {backend}:\n    environment: []\n");

        Assert.That(errors.Single(), Does.StartWith($"backend.{backend} (line 3, col 3): this operator runs tasks only as Kubernetes Jobs").And.Contain(named));
    }

    [Test]
    public void OneShotIsRefusedSayingWhy()
    {
        var errors = LoadErrors("worker_id: w\none_shot: true\n");

        Assert.That(errors.Single(), Does.StartWith("one_shot (line 2, col 1): oz-agent-worker's one_shot takes a single task and exits").And.Contain("Deployment"));
    }

    [Test]
    public void MisspelledReferenceKeySuggestsTheReferenceKey()
    {
        var errors = LoadErrors("worker_id: w\nbackend:\n  kubernetes:\n    active_deadline_second: 60\n");

        Assert.That(errors.Single(), Is.EqualTo("backend.kubernetes.active_deadline_second (line 4, col 5): unknown key; did you mean backend.kubernetes.active_deadline_seconds?"));
    }

    [Test]
    public void BadValueIsReportedUnderTheReferenceKeyAtItsLine()
    {
        var errors = LoadErrors("worker_id: w\nbackend:\n  kubernetes:\n    active_deadline_seconds: soon\n");

        Assert.That(errors.Single(), Is.EqualTo("backend.kubernetes.active_deadline_seconds (line 4, col 30): expected an integer, got 'soon'"));
    }

    [Test]
    public void UnknownTolerationFieldIsReportedUnderTheReferenceKey()
    {
        var errors = LoadErrors("worker_id: w\nbackend:\n  kubernetes:\n    tolerations:\n      - key: a\n        tolerationSeconds: 5\n");

        Assert.That(errors.Single(), Does.StartWith("backend.kubernetes.tolerations[0].tolerationSeconds (line 6, col 9): unknown key; did you mean toleration_seconds?"));
    }

    [Test]
    public void ExplicitReferenceFormatReadsAFileWhoseKeysBothFormatsShare()
    {
        var file = Temp.Write("worker.yaml", "cleanup: false\n");

        var result = ConfigurationLoader.Load(file, new Dictionary<string, string>(), ParsedFlags.From(new Dictionary<string, string> { ["workerId"] = "w" }), ConfigFileFormat.Reference);

        Assert.That(result.Options!.Cleanup, Is.False);
    }

    [Test]
    public void ExplicitNativeFormatReportsReferenceKeysAsUnknown()
    {
        var file = Temp.Write("worker.yaml", "worker_id: w\n");

        var result = ConfigurationLoader.Load(file, new Dictionary<string, string>(), ParsedFlags.Empty, ConfigFileFormat.Native);

        Assert.That(result.Errors.Select(e => e.ToString()), Has.Some.StartWith("worker_id (line 1, col 1): unknown key"));
    }

    [Test]
    public void FlagsOverrideValuesFromAReferenceFile()
    {
        var file = Temp.Write("worker.yaml", ReferenceConfigFiles.NewerGeneration);

        var result = ConfigurationLoader.Load(file, new Dictionary<string, string>(), ParsedFlags.From(new Dictionary<string, string> { ["maxConcurrentTasks"] = "2" }));

        Assert.That(result.Options!.MaxConcurrentTasks, Is.EqualTo(2));
    }

    private OperatorOptions LoadValid(string yaml, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = ConfigurationLoader.Load(Temp.Write("worker.yaml", yaml), environment ?? new Dictionary<string, string>(), ParsedFlags.Empty);
        Assert.That(result.Errors.Select(e => e.ToString()), Is.Empty);
        return result.Options!;
    }

    private string[] LoadErrors(string yaml) =>
        [.. ConfigurationLoader.Load(Temp.Write("worker.yaml", yaml), new Dictionary<string, string>(), ParsedFlags.Empty).Errors.Select(e => e.ToString())];
}
