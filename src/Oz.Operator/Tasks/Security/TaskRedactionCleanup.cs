using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;
using Oz.Operator.Kubernetes.Informers;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Tasks.Security;

/// <summary>
/// Forgets a task's secret values in the <see cref="SecretRedactor"/> when its AgentTask leaves the
/// shared AgentTask cache: the redactor then holds the values of live tasks only.
/// </summary>
public static class TaskRedactionCleanup
{
    public static IResourceEventHandler<AgentTask> Handler(SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        return new ResourceEventHandler<AgentTask>(onDelete: task => redactor.Forget(TaskSecretAccessCheck.RedactorOwner(ObjectKey.Of(task))));
    }
}
