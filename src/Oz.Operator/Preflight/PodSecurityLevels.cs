using k8s.Models;

namespace Oz.Operator.Preflight;

/// <summary>
/// Which Pod Security Standards level a pod spec passes, by the rules of Kubernetes' Pod Security
/// admission (k8s.io/pod-security-admission, latest versions) that a task pod's shape can break:
/// privileged, capabilities, host namespaces, hostPath volumes, host ports and seccomp for
/// <c>baseline</c>; privilege escalation, dropped capabilities, volume types, runAsNonRoot,
/// runAsUser and seccomp for <c>restricted</c>. Each violation is named with the admission's reason.
/// </summary>
public static class PodSecurityLevels
{
    public const string Privileged = "privileged";
    public const string Baseline = "baseline";
    public const string Restricted = "restricted";

    private static readonly HashSet<string> BaselineCapabilities =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    /// <summary>How strict a level is: privileged 0, baseline 1, restricted 2; null for an unknown level.</summary>
    public static int? Strictness(string level) => level switch
    {
        Privileged => 0,
        Baseline => 1,
        Restricted => 2,
        _ => null,
    };

    /// <summary>What keeps <paramref name="spec"/> from <paramref name="level"/>, as "reason (containers)"; empty when it passes.</summary>
    public static IReadOnlyList<string> Violations(string level, V1PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var strictness = Strictness(level) ?? 0;
        if (strictness == 0)
        {
            return [];
        }

        var containers = (spec.InitContainers ?? []).Concat(spec.Containers ?? []).ToList();
        var found = new List<string>();
        void Add(string reason, IEnumerable<string> subjects)
        {
            var list = subjects.ToList();
            if (list.Count > 0)
            {
                found.Add($"{reason} ({string.Join(", ", list)})");
            }
        }

        Add("privileged", containers.Where(c => c.SecurityContext?.Privileged == true).Select(c => c.Name));
        if (strictness == 1)
        {
            Add("non-default capabilities", containers.Where(c => c.SecurityContext?.Capabilities?.Add?.Any(a => !BaselineCapabilities.Contains(a)) == true).Select(c => c.Name));
        }

        Add("host namespaces", new[] { ("hostNetwork", spec.HostNetwork), ("hostPID", spec.HostPID), ("hostIPC", spec.HostIPC) }.Where(f => f.Item2 == true).Select(f => f.Item1));
        Add("hostPort", containers.Where(c => c.Ports?.Any(p => p.HostPort is > 0) == true).Select(c => c.Name));
        var badSeccomp = BadSeccomp(spec, containers).ToList();
        if (strictness == 1)
        {
            Add("seccompProfile", badSeccomp);
            Add("hostPath volumes", (spec.Volumes ?? []).Where(v => v.HostPath is not null).Select(v => v.Name));
            return found;
        }

        Add("restricted volume types", (spec.Volumes ?? []).Where(v => !AllowedInRestricted(v)).Select(v => v.Name));
        Add("allowPrivilegeEscalation != false", containers.Where(c => c.SecurityContext?.AllowPrivilegeEscalation != false).Select(c => c.Name));
        Add("unrestricted capabilities", containers.Where(c =>
            c.SecurityContext?.Capabilities?.Drop?.Contains("ALL") != true
            || c.SecurityContext.Capabilities.Add?.Any(a => a != "NET_BIND_SERVICE") == true).Select(c => c.Name));
        var podNonRoot = spec.SecurityContext?.RunAsNonRoot;
        Add("runAsNonRoot != true", (podNonRoot == false ? ["pod"] : Enumerable.Empty<string>())
            .Concat(containers.Where(c => c.SecurityContext?.RunAsNonRoot == false || (c.SecurityContext?.RunAsNonRoot is null && podNonRoot != true)).Select(c => c.Name)));
        Add("runAsUser=0", (spec.SecurityContext?.RunAsUser == 0 ? ["pod"] : Enumerable.Empty<string>())
            .Concat(containers.Where(c => c.SecurityContext?.RunAsUser == 0).Select(c => c.Name)));
        var podSeccomp = spec.SecurityContext?.SeccompProfile is not null;
        Add("seccompProfile", badSeccomp.Count > 0 || podSeccomp ? badSeccomp : containers.Where(c => c.SecurityContext?.SeccompProfile is null).Select(c => c.Name));
        return found;
    }

    /// <summary>The strictest of restricted, baseline and privileged that <paramref name="spec"/> passes.</summary>
    public static string Passed(V1PodSpec spec) =>
        Violations(Restricted, spec).Count == 0 ? Restricted : Violations(Baseline, spec).Count == 0 ? Baseline : Privileged;

    private static IEnumerable<string> BadSeccomp(V1PodSpec spec, List<V1Container> containers)
    {
        static bool Bad(V1SeccompProfile? profile) => profile is not null && profile.Type is not ("RuntimeDefault" or "Localhost");
        return (Bad(spec.SecurityContext?.SeccompProfile) ? ["pod"] : Enumerable.Empty<string>())
            .Concat(containers.Where(c => Bad(c.SecurityContext?.SeccompProfile)).Select(c => c.Name));
    }

    private static bool AllowedInRestricted(V1Volume v) =>
        v.ConfigMap is not null || v.Csi is not null || v.DownwardAPI is not null || v.EmptyDir is not null || v.Ephemeral is not null
        || v.Image is not null || v.PersistentVolumeClaim is not null || v.Projected is not null || v.Secret is not null;
}
