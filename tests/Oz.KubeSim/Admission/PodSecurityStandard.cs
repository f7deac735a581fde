namespace Oz.KubeSim.Admission;

/// <summary>
/// The Pod Security Standards checks of k8s.io/pod-security-admission (policy/check_*.go) at their
/// latest versions, with the admission's reasons and details word for word. Checks run in the
/// upstream order: baseline checks sorted by id, then restricted ones; a restricted check replaces
/// the baseline check it overrides. Not simulated: AppArmor, SELinux, procMount, sysctls, host
/// probes, Windows hostProcess, seccomp annotations and the user-namespace relaxation.
/// </summary>
public static class PodSecurityStandard
{
    private const string Baseline = "baseline";
    private const string Restricted = "restricted";

    // capabilities_allowed_1_0 in check_capabilities_baseline.go.
    private static readonly HashSet<string> BaselineCapabilities =
    [
        "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
        "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT",
    ];

    // The volume sources check_restrictedVolumes.go allows; every other source is named by its field.
    private static readonly HashSet<string> RestrictedVolumeSources =
    [
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret",
    ];

    private static readonly string[] KnownVolumeSources =
    [
        "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd",
        "flexVolume", "cinder", "cephfs", "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk",
        "photonPersistentDisk", "portworxVolume", "scaleIO", "storageos",
    ];

    private sealed record Check(string Id, string Level, string? Overrides, Func<JsonObject, (string Reason, string Detail)?> Evaluate);

    private static readonly Check[] Checks = Ordered(
    [
        new("capabilities_baseline", Baseline, null, CapabilitiesBaseline),
        new("hostNamespaces", Baseline, null, HostNamespaces),
        new("hostPathVolumes", Baseline, null, HostPathVolumes),
        new("hostPorts", Baseline, null, HostPorts),
        new("privileged", Baseline, null, Privileged),
        new("seccompProfile_baseline", Baseline, null, SeccompBaseline),
        new("allowPrivilegeEscalation", Restricted, null, AllowPrivilegeEscalation),
        new("capabilities_restricted", Restricted, "capabilities_baseline", CapabilitiesRestricted),
        new("restrictedVolumes", Restricted, "hostPathVolumes", RestrictedVolumes),
        new("runAsNonRoot", Restricted, null, RunAsNonRoot),
        new("runAsUser", Restricted, null, RunAsUser),
        new("seccompProfile_restricted", Restricted, "seccompProfile_baseline", SeccompRestricted),
    ]);

    /// <summary>How strict a level is: privileged &lt; baseline &lt; restricted (unknown levels count as privileged).</summary>
    public static int Strictness(string level) => level switch
    {
        Restricted => 2,
        Baseline => 1,
        _ => 0,
    };

    /// <summary>The pod spec of a pod or of a pod-template workload (Job), or null for other resources.</summary>
    public static JsonObject? PodSpecOf(AdmissionRequest request) =>
        request.Type == BuiltInResources.Pods ? request.Object["spec"] as JsonObject
        : request.Type == BuiltInResources.Jobs ? JsonPath.Get(request.Object, "spec.template.spec") as JsonObject
        : null;

    /// <summary>The violations of <paramref name="level"/> as <c>reason (detail)</c>, empty when the pod spec satisfies it.</summary>
    public static List<string> Violations(string level, JsonObject spec)
    {
        if (Strictness(level) == 0)
        {
            return [];
        }

        var active = Checks.Where(c => Strictness(c.Level) <= Strictness(level)).ToList();
        var overridden = active.Select(c => c.Overrides).OfType<string>().ToHashSet();
        return [.. active.Where(c => !overridden.Contains(c.Id))
            .Select(c => c.Evaluate(spec))
            .OfType<(string Reason, string Detail)>()
            .Select(r => $"{r.Reason} ({r.Detail})")];
    }

    private static Check[] Ordered(Check[] checks) =>
        [.. checks.Where(c => c.Level == Baseline).OrderBy(c => c.Id, StringComparer.Ordinal),
            .. checks.Where(c => c.Level == Restricted).OrderBy(c => c.Id, StringComparer.Ordinal)];

    private static (string, string)? CapabilitiesBaseline(JsonObject spec)
    {
        var bad = new List<string>();
        var capabilities = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            var added = Strings(JsonPath.Get(container, "securityContext.capabilities.add")).Where(c => !BaselineCapabilities.Contains(c)).ToList();
            if (added.Count > 0)
            {
                bad.Add(Name(container));
                capabilities.UnionWith(added);
            }
        }

        return bad.Count == 0 ? null
            : ("non-default capabilities", $"{Containers(bad)} must not include {JoinQuote(capabilities)} in securityContext.capabilities.add");
    }

    private static (string, string)? HostNamespaces(JsonObject spec)
    {
        var set = new[] { "hostNetwork", "hostPID", "hostIPC" }.Where(f => JsonPath.GetBool(spec, f) == true).Select(f => $"{f}=true").ToList();
        return set.Count == 0 ? null : ("host namespaces", string.Join(", ", set));
    }

    private static (string, string)? HostPathVolumes(JsonObject spec)
    {
        var volumes = Volumes(spec).Where(v => v["hostPath"] is not null).Select(Name).ToList();
        return volumes.Count == 0 ? null : ("hostPath volumes", $"{Pluralize("volume", "volumes", volumes.Count)} {JoinQuote(volumes)}");
    }

    private static (string, string)? HostPorts(JsonObject spec)
    {
        var bad = new List<string>();
        var ports = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            var hostPorts = ((container["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
                .Select(p => JsonPath.GetLong(p, "hostPort") ?? 0).Where(p => p != 0).ToList();
            if (hostPorts.Count > 0)
            {
                bad.Add(Name(container));
                ports.UnionWith(hostPorts.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return bad.Count == 0 ? null
            : ("hostPort", $"{Containers(bad)} {Pluralize("uses", "use", bad.Count)} {Pluralize("hostPort", "hostPorts", ports.Count)} {string.Join(", ", ports)}");
    }

    private static (string, string)? Privileged(JsonObject spec)
    {
        var bad = Containers(spec).Where(c => JsonPath.GetBool(c, "securityContext.privileged") == true).Select(Name).ToList();
        return bad.Count == 0 ? null : ("privileged", $"{Containers(bad)} must not set securityContext.privileged=true");
    }

    private static (string, string)? SeccompBaseline(JsonObject spec)
    {
        var (setters, values) = BadSeccompSetters(spec);
        return setters.Count == 0 ? null
            : ("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(values)}");
    }

    private static (string, string)? AllowPrivilegeEscalation(JsonObject spec)
    {
        var bad = Windows(spec) ? new List<string>() : Containers(spec).Where(c => JsonPath.GetBool(c, "securityContext.allowPrivilegeEscalation") != false).Select(Name).ToList();
        return bad.Count == 0 ? null : ("allowPrivilegeEscalation != false", $"{Containers(bad)} must set securityContext.allowPrivilegeEscalation=false");
    }

    private static (string, string)? CapabilitiesRestricted(JsonObject spec)
    {
        if (Windows(spec))
        {
            return null;
        }

        var missingDropAll = new List<string>();
        var adding = new List<string>();
        var forbidden = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var container in Containers(spec))
        {
            if (JsonPath.Get(container, "securityContext.capabilities") is not JsonObject capabilities)
            {
                missingDropAll.Add(Name(container));
                continue;
            }

            if (!Strings(capabilities["drop"]).Contains("ALL"))
            {
                missingDropAll.Add(Name(container));
            }

            var added = Strings(capabilities["add"]).Where(c => c != "NET_BIND_SERVICE").ToList();
            if (added.Count > 0)
            {
                adding.Add(Name(container));
                forbidden.UnionWith(added);
            }
        }

        var details = new List<string>();
        if (missingDropAll.Count > 0)
        {
            details.Add($"{Containers(missingDropAll)} must set securityContext.capabilities.drop=[\"ALL\"]");
        }

        if (adding.Count > 0)
        {
            details.Add($"{Containers(adding)} must not include {JoinQuote(forbidden)} in securityContext.capabilities.add");
        }

        return details.Count == 0 ? null : ("unrestricted capabilities", string.Join("; ", details));
    }

    private static (string, string)? RestrictedVolumes(JsonObject spec)
    {
        var bad = new List<string>();
        var types = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var volume in Volumes(spec))
        {
            var sources = volume.Select(p => p.Key).Where(k => k != "name").ToList();
            if (sources.Any(RestrictedVolumeSources.Contains))
            {
                continue;
            }

            bad.Add(Name(volume));
            types.Add(KnownVolumeSources.FirstOrDefault(sources.Contains) ?? "unknown");
        }

        return bad.Count == 0 ? null
            : ("restricted volume types", $"{Pluralize("volume", "volumes", bad.Count)} {JoinQuote(bad)} {Pluralize("uses", "use", bad.Count)} " +
                $"{Pluralize("restricted volume type", "restricted volume types", types.Count)} {JoinQuote(types)}");
    }

    private static (string, string)? RunAsNonRoot(JsonObject spec)
    {
        var setters = new List<string>();
        var podValue = JsonPath.GetBool(spec, "securityContext.runAsNonRoot");
        if (podValue == false)
        {
            setters.Add("pod");
        }

        var explicitlyBad = new List<string>();
        var implicitlyBad = new List<string>();
        foreach (var container in Containers(spec))
        {
            switch (JsonPath.GetBool(container, "securityContext.runAsNonRoot"))
            {
                case false:
                    explicitlyBad.Add(Name(container));
                    break;
                case null when podValue != true:
                    implicitlyBad.Add(Name(container));
                    break;
            }
        }

        if (explicitlyBad.Count > 0)
        {
            setters.Add(Containers(explicitlyBad));
        }

        return setters.Count > 0 ? ("runAsNonRoot != true", $"{string.Join(" and ", setters)} must not set securityContext.runAsNonRoot=false")
            : implicitlyBad.Count > 0 ? ("runAsNonRoot != true", $"pod or {Containers(implicitlyBad)} must set securityContext.runAsNonRoot=true")
            : null;
    }

    private static (string, string)? RunAsUser(JsonObject spec)
    {
        var setters = new List<string>();
        if (JsonPath.GetLong(spec, "securityContext.runAsUser") == 0)
        {
            setters.Add("pod");
        }

        var bad = Containers(spec).Where(c => JsonPath.GetLong(c, "securityContext.runAsUser") == 0).Select(Name).ToList();
        if (bad.Count > 0)
        {
            setters.Add(Containers(bad));
        }

        return setters.Count == 0 ? null : ("runAsUser=0", $"{string.Join(" and ", setters)} must not set runAsUser=0");
    }

    private static (string, string)? SeccompRestricted(JsonObject spec)
    {
        if (Windows(spec))
        {
            return null;
        }

        var (setters, values) = BadSeccompSetters(spec);
        if (setters.Count > 0)
        {
            return ("seccompProfile", $"{string.Join(" and ", setters)} must not set securityContext.seccompProfile.type to {JoinQuote(values)}");
        }

        var podSet = JsonPath.Get(spec, "securityContext.seccompProfile") is not null;
        var implicitlyBad = podSet ? new List<string>() : Containers(spec).Where(c => JsonPath.Get(c, "securityContext.seccompProfile") is null).Select(Name).ToList();
        return implicitlyBad.Count == 0 ? null
            : ("seccompProfile", $"pod or {Containers(implicitlyBad)} must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");
    }

    /// <summary>The pod and containers that set a seccomp profile other than RuntimeDefault or Localhost, and the values set.</summary>
    private static (List<string> Setters, SortedSet<string> Values) BadSeccompSetters(JsonObject spec)
    {
        var setters = new List<string>();
        var values = new SortedSet<string>(StringComparer.Ordinal);
        if (JsonPath.Get(spec, "securityContext.seccompProfile") is JsonObject pod && !ValidSeccomp(pod))
        {
            setters.Add("pod");
            values.Add(JsonPath.GetString(pod, "type") ?? "");
        }

        var bad = new List<string>();
        foreach (var container in Containers(spec))
        {
            if (JsonPath.Get(container, "securityContext.seccompProfile") is JsonObject profile && !ValidSeccomp(profile))
            {
                bad.Add(Name(container));
                values.Add(JsonPath.GetString(profile, "type") ?? "");
            }
        }

        if (bad.Count > 0)
        {
            setters.Add(Containers(bad));
        }

        return (setters, values);
    }

    private static bool ValidSeccomp(JsonObject profile) => JsonPath.GetString(profile, "type") is "RuntimeDefault" or "Localhost";

    private static bool Windows(JsonObject spec) => JsonPath.GetString(spec, "os.name") == "windows";

    // visitContainers: init containers, containers, then ephemeral containers.
    private static IEnumerable<JsonObject> Containers(JsonObject spec) =>
        new[] { "initContainers", "containers", "ephemeralContainers" }.SelectMany(l => (spec[l] as JsonArray)?.OfType<JsonObject>() ?? []);

    private static IEnumerable<JsonObject> Volumes(JsonObject spec) => (spec["volumes"] as JsonArray)?.OfType<JsonObject>() ?? [];

    private static IEnumerable<string> Strings(JsonNode? array) =>
        (array as JsonArray)?.Select(n => n?.GetValue<string>()).OfType<string>() ?? [];

    private static string Name(JsonObject obj) => JsonPath.GetString(obj, "name") ?? "";

    private static string Containers(List<string> names) => $"{Pluralize("container", "containers", names.Count)} {JoinQuote(names)}";

    private static string Pluralize(string singular, string plural, int count) => count == 1 ? singular : plural;

    private static string JoinQuote(IEnumerable<string> items) => items.Any() ? "\"" + string.Join("\", \"", items) + "\"" : "";
}
