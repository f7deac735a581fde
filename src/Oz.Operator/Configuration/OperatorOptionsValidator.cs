using FluentValidation;
using k8s.Models;

namespace Oz.Operator.Configuration;

/// <summary>
/// Everything that must hold of the merged configuration before the operator touches a cluster.
/// Property names of failures are the configuration key paths (e.g. "oz.webSocketUrl").
/// </summary>
public sealed class OperatorOptionsValidator : AbstractValidator<OperatorOptions>
{
    public static readonly IReadOnlyList<string> PullPolicies = ["Always", "IfNotPresent", "Never"];
    public static readonly IReadOnlyList<string> LogFormats = ["json", "console"];
    public static readonly IReadOnlyList<string> MetricsExporters = ["prometheus", "otlp", "none"];

    /// <summary>Pings must come more often than the silence after which the Oz connection counts as dead.</summary>
    public static readonly TimeSpan MaxPingInterval = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long after the end of a leader's term a standby may still not take the Lease, at the least:
    /// <c>leaseDuration - renewDeadline - retryPeriod</c>. The elector (KubernetesClient, like
    /// client-go) renews, waits <c>retryPeriod</c>, then tries to renew for up to <c>renewDeadline</c>
    /// before the term ends; so a leader that cannot renew leads on for up to <c>retryPeriod +
    /// renewDeadline</c> after its last renewal, while a standby takes the Lease <c>leaseDuration</c>
    /// after it saw that renewal, no sooner. The work of the ended term must stop within this margin.
    /// </summary>
    public static TimeSpan StandbyMargin(LeaderElectionOptions election)
    {
        ArgumentNullException.ThrowIfNull(election);
        return election.LeaseDuration - election.RenewDeadline - election.RetryPeriod;
    }

    /// <summary>Label keys the operator sets itself and selects on; extra labels must not change them.</summary>
    private static readonly string[] ReservedLabelPrefixes = ["oz.warp.dev/", "app.kubernetes.io/managed-by"];

    public OperatorOptionsValidator()
    {
        RuleFor(o => o.WorkerId).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("is required (the identity of this worker towards Oz)")
            .Must(id => !id.StartsWith("warp", StringComparison.OrdinalIgnoreCase)).WithMessage("ids starting with 'warp' are reserved by Oz")
            .Must(KubernetesSyntax.IsLabelValue).WithMessage("must be at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (it is used in labels)")
            .OverridePropertyName("workerId");

        RuleFor(o => o.Namespace)
            .Must(KubernetesSyntax.IsDnsLabel).WithMessage(o => $"'{o.Namespace}' is not a valid namespace name (lowercase letters, digits and '-', at most 63)")
            .OverridePropertyName("namespace");

        RuleFor(o => o.DefaultImage).Must(IsImage).WithMessage("must be a non-empty image reference without spaces").OverridePropertyName("defaultImage");
        RuleFor(o => o.PreflightImage).Must(IsImage).WithMessage("must be a non-empty image reference without spaces").OverridePropertyName("preflightImage");
        RuleFor(o => o.SidecarImage).Must(IsImage).When(o => o.SidecarImage is not null)
            .WithMessage("must be a non-empty image reference without spaces (or leave it out)").OverridePropertyName("sidecarImage");

        RuleFor(o => o.CodingCliSidecars).Custom((sidecars, context) =>
        {
            foreach (var (harness, image) in sidecars)
            {
                var path = $"codingCliSidecars[\"{harness}\"]";
                if (harness.Length == 0 || !harness.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
                {
                    context.AddFailure(path, $"'{harness}' is not a harness name (letters, digits, '-' and '_'; it names the mount path /mnt/<harness>-cli-sidecar)");
                }

                if (!IsImage(image))
                {
                    context.AddFailure(path, "must be a non-empty image reference without spaces");
                }
            }
        });

        RuleFor(o => o.ImagePullPolicy).Must(p => PullPolicies.Contains(p!)).When(o => o.ImagePullPolicy is not null)
            .WithMessage(o => $"'{o.ImagePullPolicy}' is not one of {string.Join(", ", PullPolicies)}").OverridePropertyName("imagePullPolicy");

        RuleFor(o => o.SetupCommand).NotEmpty().When(o => o.SetupCommand is not null)
            .WithMessage("must not be blank (or leave it out)").OverridePropertyName("setupCommand");
        RuleFor(o => o.TeardownCommand).NotEmpty().When(o => o.TeardownCommand is not null)
            .WithMessage("must not be blank (or leave it out)").OverridePropertyName("teardownCommand");

        RuleFor(o => o.ExtraLabels).Custom((labels, context) =>
        {
            foreach (var (key, value) in labels)
            {
                var path = $"extraLabels[\"{key}\"]";
                if (!KubernetesSyntax.IsQualifiedName(key))
                {
                    context.AddFailure(path, $"'{key}' is not a valid label key (optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.')");
                }
                else if (ReservedLabelPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
                {
                    context.AddFailure(path, $"'{key}' is set by the operator itself and cannot be overridden");
                }

                if (!KubernetesSyntax.IsLabelValue(value))
                {
                    context.AddFailure(path, $"'{value}' is not a valid label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
                }
            }
        });

        RuleFor(o => o.ExtraAnnotations).Custom((annotations, context) =>
        {
            foreach (var key in annotations.Keys.Where(key => !KubernetesSyntax.IsQualifiedName(key)))
            {
                context.AddFailure($"extraAnnotations[\"{key}\"]", $"'{key}' is not a valid annotation key (optional DNS prefix and '/', then at most 63 letters, digits, '-', '_' or '.')");
            }
        });

        RuleFor(o => o.ActiveDeadlineSeconds).GreaterThan(0).WithMessage("must be a positive number of seconds").OverridePropertyName("activeDeadlineSeconds");
        RuleFor(o => o.TtlSecondsAfterFinished).GreaterThanOrEqualTo(0).When(o => o.TtlSecondsAfterFinished is not null)
            .WithMessage("must be zero or a positive number of seconds").OverridePropertyName("ttlSecondsAfterFinished");

        RuleFor(o => o.WorkspaceSizeLimit).Must(IsPositiveQuantity).When(o => o.WorkspaceSizeLimit is not null)
            .WithMessage(o => $"'{o.WorkspaceSizeLimit}' is not a positive Kubernetes quantity such as 10Gi or 500M").OverridePropertyName("workspaceSizeLimit");

        RuleFor(o => o.WorkspaceClaim.Size).Must(IsPositiveQuantity).When(o => o.WorkspaceClaim.Size is not null)
            .WithMessage(o => $"'{o.WorkspaceClaim.Size}' is not a positive Kubernetes quantity such as 50Gi").OverridePropertyName("workspaceClaim.size");
        RuleFor(o => o.WorkspaceClaim.AccessMode).Must(mode => WorkspaceClaimOptions.AccessModes.Contains(mode))
            .WithMessage(o => $"'{o.WorkspaceClaim.AccessMode}' is not one of {string.Join(", ", WorkspaceClaimOptions.AccessModes)}").OverridePropertyName("workspaceClaim.accessMode");
        RuleFor(o => o.WorkspaceClaim.StorageClassName).Must(name => KubernetesSyntax.IsDnsSubdomain(name)).When(o => o.WorkspaceClaim.StorageClassName is not null)
            .WithMessage(o => $"'{o.WorkspaceClaim.StorageClassName}' is not a valid StorageClass name").OverridePropertyName("workspaceClaim.storageClassName");
        RuleFor(o => o.WorkspaceClaim).Must(claim => claim.IsEnabled).When(o => o.WorkspaceClaim.StorageClassName is not null)
            .WithMessage("workspaceClaim.size is required when workspaceClaim.storageClassName is set (the size turns the claim on)").OverridePropertyName("workspaceClaim.size");
        RuleFor(o => o.WorkspaceSizeLimit).Null().When(o => o.WorkspaceClaim.IsEnabled)
            .WithMessage("workspaceSizeLimit limits the emptyDir workspace and workspaceClaim.size replaces it with a claim: set only one of them").OverridePropertyName("workspaceSizeLimit");

        RuleFor(o => o.UnschedulableTimeout).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration").OverridePropertyName("unschedulableTimeout");
        RuleFor(o => o.VolumeMountTimeout).GreaterThanOrEqualTo(TimeSpan.Zero)
            .WithMessage("must be zero (never fail a task on mount failures) or a positive duration").OverridePropertyName("volumeMountTimeout");
        RuleFor(o => o.PreflightTimeout).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration").OverridePropertyName("preflightTimeout");
        RuleFor(o => o.TaskRetention).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration").OverridePropertyName("taskRetention");
        RuleFor(o => o.ReconcileWorkers).GreaterThanOrEqualTo(1).WithMessage("must be 1 or more").OverridePropertyName("reconcileWorkers");
        RuleFor(o => o.MaxConcurrentTasks).GreaterThanOrEqualTo(0).WithMessage("must be 0 (no limit) or more").OverridePropertyName("maxConcurrentTasks");

        RuleFor(o => o.IdleOnComplete)
            .Must(value => GoDuration.TryParse(value, out var duration) && duration > TimeSpan.Zero).When(o => o.IdleOnComplete is not null)
            .WithMessage(o => $"'{o.IdleOnComplete}' is not a positive duration such as 10m or 1h").OverridePropertyName("idleOnComplete");

        RuleFor(o => o.LogLevel).Must(level => LogLevelNames.TryParse(level, out _))
            .WithMessage(o => $"'{o.LogLevel}' is not one of {string.Join(", ", LogLevelNames.All)}").OverridePropertyName("logLevel");
        RuleFor(o => o.LogFormat).Must(format => LogFormats.Contains(format))
            .WithMessage(o => $"'{o.LogFormat}' is not one of {string.Join(", ", LogFormats)}").OverridePropertyName("logFormat");

        RuleFor(o => o.Oz.WebSocketUrl).Must(url => IsAbsoluteUrl(url, "ws", "wss"))
            .WithMessage(o => $"'{o.Oz.WebSocketUrl}' is not an absolute ws:// or wss:// URL").OverridePropertyName("oz.webSocketUrl");
        RuleFor(o => o.Oz.ServerRootUrl).Must(url => IsAbsoluteUrl(url, "http", "https"))
            .WithMessage(o => $"'{o.Oz.ServerRootUrl}' is not an absolute http:// or https:// URL").OverridePropertyName("oz.serverRootUrl");

        RuleFor(o => o.Oz.PingInterval).Must(interval => interval > TimeSpan.Zero && interval < MaxPingInterval)
            .WithMessage($"must be a positive duration shorter than {GoDuration.Format(MaxPingInterval)} (the connection counts as dead after that long without a sign of life)")
            .OverridePropertyName("oz.pingInterval");

        RuleFor(o => o.TaskSecrets.Allowed).Must(names => names.All(KubernetesSyntax.IsDnsSubdomain))
            .WithMessage(o => $"'{string.Join(",", o.TaskSecrets.Allowed)}' holds a name that is not a valid Secret name").OverridePropertyName("taskSecrets.allowed");
        RuleFor(o => o.TaskSecrets.Denied).Must(names => names.All(KubernetesSyntax.IsDnsSubdomain))
            .WithMessage(o => $"'{string.Join(",", o.TaskSecrets.Denied)}' holds a name that is not a valid Secret name").OverridePropertyName("taskSecrets.denied");
        RuleFor(o => o.LeaderElection.LeaseName).Must(KubernetesSyntax.IsDnsSubdomain).When(o => o.LeaderElection.LeaseName is not null)
            .WithMessage(o => $"'{o.LeaderElection.LeaseName}' is not a valid Lease name (lowercase letters, digits, '-' and '.')").OverridePropertyName("leaderElection.leaseName");
        RuleFor(o => o.LeaderElection.RetryPeriod).GreaterThan(TimeSpan.Zero)
            .WithMessage("must be a positive duration").OverridePropertyName("leaderElection.retryPeriod");
        RuleFor(o => o.LeaderElection.RenewDeadline).GreaterThan(o => o.LeaderElection.RetryPeriod)
            .WithMessage("must be longer than leaderElection.retryPeriod").OverridePropertyName("leaderElection.renewDeadline");
        RuleFor(o => o.LeaderElection.LeaseDuration).GreaterThan(o => o.LeaderElection.RenewDeadline)
            .WithMessage("must be longer than leaderElection.renewDeadline").OverridePropertyName("leaderElection.leaseDuration");

        // Fencing: see StandbyMargin. A replica whose term ended stops its work within shutdownTimeout,
        // and must have stopped before a standby may take the Lease.
        RuleFor(o => o.ShutdownTimeout).GreaterThan(TimeSpan.Zero).WithMessage("must be a positive duration").OverridePropertyName("shutdownTimeout");
        RuleFor(o => o.ShutdownTimeout)
            .Must((o, timeout) => timeout < StandbyMargin(o.LeaderElection))
            .When(o => o.LeaderElection.Enabled && o.ShutdownTimeout > TimeSpan.Zero && o.LeaderElection.LeaseDuration > o.LeaderElection.RenewDeadline)
            .WithMessage(o => $"{GoDuration.Format(o.ShutdownTimeout)} must be shorter than leaderElection.leaseDuration - leaderElection.renewDeadline - leaderElection.retryPeriod " +
                $"({GoDuration.Format(o.LeaderElection.LeaseDuration)} - {GoDuration.Format(o.LeaderElection.RenewDeadline)} - {GoDuration.Format(o.LeaderElection.RetryPeriod)} = {GoDuration.Format(StandbyMargin(o.LeaderElection))}): " +
                "a replica that lost the Lease must have stopped working before a standby may take it over. Shorten shutdownTimeout or lengthen leaseDuration")
            .OverridePropertyName("shutdownTimeout");

        RuleFor(o => o.Telemetry.HealthPort).InclusiveBetween(1, 65535).WithMessage("must be a port number (1-65535)").OverridePropertyName("telemetry.healthPort");
        RuleFor(o => o.Telemetry.MetricsPort).InclusiveBetween(1, 65535).WithMessage("must be a port number (1-65535)").OverridePropertyName("telemetry.metricsPort");
        RuleFor(o => o.Telemetry.MetricsPort).NotEqual(o => o.Telemetry.HealthPort)
            .When(o => o.Telemetry.MetricsExporter == "prometheus")
            .WithMessage("must differ from telemetry.healthPort").OverridePropertyName("telemetry.metricsPort");
        RuleFor(o => o.Telemetry.HealthAddress).Must(a => ListenAddresses.TryParse(a, out _))
            .WithMessage(o => $"'{o.Telemetry.HealthAddress}' is not an IP address (e.g. :: for all interfaces, 0.0.0.0, 10.0.0.5)").OverridePropertyName("telemetry.healthAddress");
        RuleFor(o => o.Telemetry.MetricsAddress).Must(a => ListenAddresses.TryParse(a, out _))
            .WithMessage(o => $"'{o.Telemetry.MetricsAddress}' is not an IP address (e.g. :: for all interfaces, 0.0.0.0, 10.0.0.5)").OverridePropertyName("telemetry.metricsAddress");
        RuleFor(o => o.Telemetry.MetricsExporter).Must(exporter => MetricsExporters.Contains(exporter))
            .WithMessage(o => $"'{o.Telemetry.MetricsExporter}' is not one of {string.Join(", ", MetricsExporters)}").OverridePropertyName("telemetry.metricsExporter");

        RuleFor(o => o.TaskPod).Custom((taskPod, context) => ValidateTaskPod(taskPod, (path, message) => context.AddFailure(path, message)));

        RuleFor(o => o.PodTemplate).Custom((template, context) =>
        {
            if (template is not null)
            {
                ValidatePodTemplate(template, context.InstanceToValidate, (path, message) => context.AddFailure(path, message));
            }
        });
    }

    private static void ValidatePodTemplate(V1PodSpec template, OperatorOptions options, Action<string, string> fail)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        void CheckContainers(IList<V1Container>? containers, string field)
        {
            for (var i = 0; i < (containers?.Count ?? 0); i++)
            {
                var container = containers![i];
                var path = $"podTemplate.{field}[{i}].name";
                if (!KubernetesSyntax.IsDnsLabel(container.Name))
                {
                    fail(path, $"'{container.Name}' is not a valid container name (lowercase letters, digits and '-', at most 63)");
                    continue;
                }

                if (!names.Add(container.Name))
                {
                    fail(path, $"container name '{container.Name}' is used twice");
                }

                if (container.Name.StartsWith("copy-sidecar-", StringComparison.Ordinal))
                {
                    fail(path, $"'{container.Name}': names starting with copy-sidecar- are reserved for the operator's sidecar init containers");
                }

                if (field == "initContainers" && container.Name == "setup" && options.SetupCommand is not null)
                {
                    fail(path, "'setup' is the operator's setup init container (setupCommand is set); rename this one");
                }

                // The task container's image comes from the task; every other container needs its own.
                if (container.Name != "task" && string.IsNullOrWhiteSpace(container.Image))
                {
                    fail($"podTemplate.{field}[{i}].image", $"container '{container.Name}' needs an image");
                }
            }
        }

        CheckContainers(template.InitContainers, "initContainers");
        CheckContainers(template.Containers, "containers");

        if (template.InitContainers?.Any(c => c.Name == "task") == true)
        {
            fail("podTemplate.initContainers", "'task' is the task container; it belongs under containers, not initContainers");
        }

        for (var i = 0; i < (template.Volumes?.Count ?? 0); i++)
        {
            if (template.Volumes![i].Name == "workspace")
            {
                fail($"podTemplate.volumes[{i}].name", "'workspace' is the operator's workspace volume; use another name");
            }
        }

        if (template.RestartPolicy is not null and not "Never")
        {
            fail("podTemplate.restartPolicy", $"'{template.RestartPolicy}': task pods always use Never (a task is never restarted in place)");
        }
    }

    private static void ValidateTaskPod(TaskPodOptions taskPod, Action<string, string> fail)
    {
        if (taskPod.ServiceAccountName is { } serviceAccount && !KubernetesSyntax.IsDnsSubdomain(serviceAccount))
        {
            fail("taskPod.serviceAccountName", $"'{serviceAccount}' is not a valid ServiceAccount name (lowercase letters, digits, '-' and '.')");
        }

        if (taskPod.RuntimeClassName is { } runtimeClass && !KubernetesSyntax.IsDnsSubdomain(runtimeClass))
        {
            fail("taskPod.runtimeClassName", $"'{runtimeClass}' is not a valid RuntimeClass name (lowercase letters, digits, '-' and '.')");
        }

        for (var i = 0; i < (taskPod.ImagePullSecrets?.Count ?? 0); i++)
        {
            if (!KubernetesSyntax.IsDnsSubdomain(taskPod.ImagePullSecrets![i]))
            {
                fail($"taskPod.imagePullSecrets[{i}]", $"'{taskPod.ImagePullSecrets[i]}' is not a valid Secret name");
            }
        }

        foreach (var (key, value) in taskPod.NodeSelector ?? new Dictionary<string, string>())
        {
            if (!KubernetesSyntax.IsQualifiedName(key) || !KubernetesSyntax.IsLabelValue(value))
            {
                fail($"taskPod.nodeSelector[\"{key}\"]", $"'{key}: {value}' is not a valid label key and value");
            }
        }

        for (var i = 0; i < (taskPod.Tolerations?.Count ?? 0); i++)
        {
            var toleration = taskPod.Tolerations![i];
            var path = $"taskPod.tolerations[{i}]";
            if (toleration.OperatorProperty is not (null or "Exists" or "Equal"))
            {
                fail($"{path}.operator", $"'{toleration.OperatorProperty}' is not one of Exists, Equal");
            }
            else if (toleration.OperatorProperty == "Exists" && !string.IsNullOrEmpty(toleration.Value))
            {
                fail($"{path}.value", "must be empty when operator is Exists");
            }

            if (toleration.Effect is not (null or "" or "NoSchedule" or "PreferNoSchedule" or "NoExecute"))
            {
                fail($"{path}.effect", $"'{toleration.Effect}' is not one of NoSchedule, PreferNoSchedule, NoExecute");
            }
            else if (toleration.TolerationSeconds is not null && toleration.Effect != "NoExecute")
            {
                fail($"{path}.tolerationSeconds", "only applies with effect NoExecute");
            }
        }

        if (taskPod.TerminationGracePeriodSeconds is < 0)
        {
            fail("taskPod.terminationGracePeriodSeconds", "must be zero or a positive number of seconds");
        }
    }

    private static bool IsImage(string? image) => !string.IsNullOrWhiteSpace(image) && !image.Any(char.IsWhiteSpace);

    private static bool IsPositiveQuantity(string? value)
    {
        if (!KubernetesSyntax.IsQuantity(value))
        {
            return false;
        }

        try
        {
            return new ResourceQuantity(value).ToDecimal() > 0;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return false;
        }
    }

    private static bool IsAbsoluteUrl(string url, params string[] schemes) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme) && !string.IsNullOrEmpty(uri.Host);
}
