using k8s.Models;

namespace Oz.Operator.Tasks;

/// <summary>
/// The hardening every task pod gets unless the podTemplate says otherwise: no privilege escalation
/// and no capabilities in any container, the RuntimeDefault seccomp profile for the pod, and no
/// ServiceAccount token. The template wins field by field: a value it sets is kept, only the
/// fields it leaves unset are filled in.
/// </summary>
public static class TaskPodHardening
{
    public const string RuntimeDefault = "RuntimeDefault";

    /// <summary>
    /// What a copy-sidecar container, running as root, needs to copy an image's files
    /// (<see cref="SidecarCopyScript"/>): DAC_OVERRIDE to read and enter files and directories the
    /// image keeps private to another user (e.g. a 0700 home directory). The copies belong to root
    /// (<c>tar --no-same-owner --no-same-permissions</c>), so neither CHOWN nor FOWNER is needed.
    /// </summary>
    public static IReadOnlyList<string> CopyCapabilities { get; } = ["DAC_OVERRIDE"];

    /// <summary>The pod-level defaults: no ServiceAccount token, RuntimeDefault seccomp.</summary>
    public static void HardenPod(V1PodSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);

        // A task has no business with the Kubernetes API; a template that sets true gets the token.
        spec.AutomountServiceAccountToken ??= false;
        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.SecurityContext.SeccompProfile ??= new V1SeccompProfile { Type = RuntimeDefault };
    }

    /// <summary>Fills the unset fields of a task (or setup) container's securityContext.</summary>
    public static void HardenContainer(V1Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var context = container.SecurityContext ??= new V1SecurityContext();
        context.Capabilities ??= new V1Capabilities { Drop = ["ALL"] };

        // Kubernetes refuses allowPrivilegeEscalation=false next to privileged or an added
        // CAP_SYS_ADMIN: a template that asks for those keeps escalation at Kubernetes' default.
        var addsSysAdmin = context.Capabilities.Add?.Any(c => c is "SYS_ADMIN" or "CAP_SYS_ADMIN") == true;
        if (context.Privileged != true && !addsSysAdmin)
        {
            context.AllowPrivilegeEscalation ??= false;
        }
    }

    /// <summary>The securityContext of a copy-sidecar container: root with only <see cref="CopyCapabilities"/>.</summary>
    /// <remarks>runAsNonRoot=false overrides a pod-level true: reading every file of the image needs root.</remarks>
    public static V1SecurityContext CopySidecarContext() => new()
    {
        RunAsUser = 0,
        RunAsGroup = 0,
        RunAsNonRoot = false,
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"], Add = [.. CopyCapabilities] },
    };
}
