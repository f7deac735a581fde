using Oz.KubeSim.Admission;
using Oz.KubeSim.Store;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>
/// Widens the window between an AgentTask and its env Secret as a slow API server or webhook
/// would: a Secret create waits (up to <paramref name="hold"/>) until some Job exists in the
/// namespace. A controller that may start the Job before the Secret exists does so inside the window.
/// </summary>
internal sealed class SlowSecretCreates(ObjectStore store, string ns, TimeSpan hold) : IAdmissionRule
{
    /// <summary>A Job existed when a Secret was about to be stored.</summary>
    public bool JobBeforeSecret { get; private set; }

    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request is { Operation: AdmissionOperation.Create, DryRun: false } && request.Type == BuiltInResources.Secrets)
        {
            if (SpinWait.SpinUntil(() => store.List(BuiltInResources.Jobs, ns).Items.Count > 0, hold))
            {
                JobBeforeSecret = true;
            }
        }

        return AdmissionDecision.Allow;
    }
}
