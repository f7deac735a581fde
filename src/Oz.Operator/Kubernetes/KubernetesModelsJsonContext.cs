using System.Text.Json.Serialization;
using k8s;
using k8s.Models;
using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Kubernetes;

/// <summary>
/// Compile-time JSON metadata for the objects the operator reads and writes on every task (its
/// resources, Jobs, pods and their lists, Leases, Events, and everything they contain; watch lines
/// are read by <see cref="Informers.WatchEventLine"/>, which decodes their objects with these
/// options, so the event envelope needs no metadata of its own). KubernetesClient's options consult it before their reflection-based resolver
/// (<see cref="Register"/>): a Native AOT build has no code generation, so reflection-based
/// serialization there reads and writes every property through slow reflection calls.
/// Types missing here still work, through the reflection resolver.
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
