using Oz.KubeSim.Admission;
using Oz.KubeSim.Api;
using Oz.KubeSim.Store;

namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>Denies the next <paramref name="count"/> Secret creates, as a policy webhook or an API blip would.</summary>
internal sealed class DeniedSecretCreates(int count) : IAdmissionRule
{
    private int _left = count;

    public AdmissionDecision Review(AdmissionRequest request)
    {
        if (request is { Operation: AdmissionOperation.Create, DryRun: false } && request.Type == BuiltInResources.Secrets
            && Interlocked.Decrement(ref _left) >= 0)
        {
            return AdmissionDecision.Deny(StatusObjects.InternalError("injected: Secret create denied"));
        }

        return AdmissionDecision.Allow;
    }
}
