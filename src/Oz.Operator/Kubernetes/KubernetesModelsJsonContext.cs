using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Kubernetes;

/// <summary>
/// Compile-time JSON metadata for every Kubernetes object the operator exchanges with the API
/// server (its resources, Jobs, pods and their lists, Leases, Events, the preflight's reviews and
/// namespaces, and everything they contain; watch lines are read by
/// <see cref="Informers.WatchEventLine"/>, which decodes their objects with these options, so the
/// event envelope needs no metadata of its own; the preflight's Job check watches through the
/// client's typed watches, which decode every line as a generic object, as a Status when it is
/// one, then as the event: those envelopes are here). KubernetesClient's options consult it before their
/// reflection-based resolver (<see cref="Register"/>). A Native AOT build needs it twice over: it
/// has no code generation, so reflection reads every property through slow calls; and it trims
/// KubernetesClient to the members the operator's code and this metadata use, so a model type
/// missing here keeps no properties for reflection to find and would be written as an empty object.
/// </summary>
[JsonSerializable(typeof(AgentTask))]
[JsonSerializable(typeof(AgentTaskList))]
[JsonSerializable(typeof(AgentTaskSchedule))]
[JsonSerializable(typeof(AgentTaskScheduleList))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1JobList))]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1PodList))]
[JsonSerializable(typeof(V1Lease))]
[JsonSerializable(typeof(Eventsv1Event))]
[JsonSerializable(typeof(V1Secret))]
[JsonSerializable(typeof(V1Status))]
[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(V1DeleteOptions))]
[JsonSerializable(typeof(V1Patch))]
[JsonSerializable(typeof(V1Namespace))]
[JsonSerializable(typeof(V1SelfSubjectAccessReview))]
[JsonSerializable(typeof(V1APIGroupList))]
[JsonSerializable(typeof(Corev1Event))]
[JsonSerializable(typeof(Corev1EventList))]
[JsonSerializable(typeof(Watcher<KubernetesObject>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Status>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Job>.WatchEvent))]
[JsonSerializable(typeof(Watcher<V1Pod>.WatchEvent))]
[JsonSerializable(typeof(Watcher<Corev1Event>.WatchEvent))]
[JsonSerializable(typeof(V1ResourceRequirements))]
[JsonSerializable(typeof(List<V1Toleration>))]
[JsonSerializable(typeof(k8s.KubeConfigModels.ExecCredentialResponse))]
internal sealed partial class KubernetesModelsJsonContext : JsonSerializerContext
{
    private static int registered;

    /// <summary>Puts this context first in KubernetesClient's resolver chain (once per process, before the client's first use).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            // Options already used are read-only: that happens only when Main runs inside a process
            // that serialized before (tests), which then keeps the reflection-based metadata.
            KubernetesJson.AddJsonOptions(options =>
            {
                if (!options.IsReadOnly)
                {
                    options.TypeInfoResolverChain.Insert(0, Default);
                }
            });
        }
    }
}
