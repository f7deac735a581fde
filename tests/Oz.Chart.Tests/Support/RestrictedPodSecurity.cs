namespace Oz.Chart.Tests.Support;

/// <summary>
/// The checks of the Pod Security Standards `restricted` profile (which includes `baseline`) that a
/// pod spec can fail, returning one message per violation.
/// </summary>
internal static class RestrictedPodSecurity
{
    private static readonly HashSet<string> AllowedVolumeTypes =
        ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];

    public static IReadOnlyList<string> Violations(V1PodSpec pod)
    {
        var violations = new List<string>();
        if (pod.HostNetwork == true || pod.HostPID == true || pod.HostIPC == true)
        {
            violations.Add("host namespaces are shared");
        }

        foreach (var volume in pod.Volumes ?? [])
        {
            var type = VolumeType(volume);
            if (!AllowedVolumeTypes.Contains(type))
            {
                violations.Add($"volume {volume.Name} has restricted type {type}");
            }
        }

        var podContext = pod.SecurityContext;
        if (pod.SecurityContext?.Sysctls is { Count: > 0 })
        {
            violations.Add("pod sets sysctls");
        }

        foreach (var container in (pod.InitContainers ?? []).Concat(pod.Containers))
        {
            violations.AddRange(ContainerViolations(container, podContext).Select(v => $"container {container.Name}: {v}"));
        }

        return violations;
    }

    private static IEnumerable<string> ContainerViolations(V1Container container, V1PodSecurityContext? pod)
    {
        var context = container.SecurityContext;
        if (context?.Privileged == true)
        {
            yield return "privileged";
        }

        if (context?.AllowPrivilegeEscalation != false)
        {
            yield return "allowPrivilegeEscalation is not false";
        }

        if (context?.Capabilities?.Drop?.Contains("ALL") != true)
        {
            yield return "capabilities do not drop ALL";
        }

        if (context?.Capabilities?.Add?.Any(c => c != "NET_BIND_SERVICE") == true)
        {
            yield return "capabilities add more than NET_BIND_SERVICE";
        }

        if ((context?.RunAsNonRoot ?? pod?.RunAsNonRoot) != true)
        {
            yield return "runAsNonRoot is not true";
        }

        if ((context?.RunAsUser ?? pod?.RunAsUser) == 0)
        {
            yield return "runs as uid 0";
        }

        var seccomp = context?.SeccompProfile?.Type ?? pod?.SeccompProfile?.Type;
        if (seccomp is not ("RuntimeDefault" or "Localhost"))
        {
            yield return $"seccompProfile is {seccomp ?? "unset"}, not RuntimeDefault or Localhost";
        }

        if (container.Ports?.Any(p => p.HostPort is > 0) == true)
        {
            yield return "uses a hostPort";
        }

        if (context?.ProcMount is { } procMount && procMount != "Default")
        {
            yield return "procMount is not Default";
        }
    }

    private static string VolumeType(V1Volume volume) => volume switch
    {
        { ConfigMap: not null } => "configMap",
        { Csi: not null } => "csi",
        { DownwardAPI: not null } => "downwardAPI",
        { EmptyDir: not null } => "emptyDir",
        { Ephemeral: not null } => "ephemeral",
        { PersistentVolumeClaim: not null } => "persistentVolumeClaim",
        { Projected: not null } => "projected",
        { Secret: not null } => "secret",
        { HostPath: not null } => "hostPath",
        _ => "other",
    };
}
