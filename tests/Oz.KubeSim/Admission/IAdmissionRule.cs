namespace Oz.KubeSim.Admission;

/// <summary>A validating admission check (Pod Security, a policy engine, a webhook…).</summary>
public interface IAdmissionRule
{
    AdmissionDecision Review(AdmissionRequest request);
}
