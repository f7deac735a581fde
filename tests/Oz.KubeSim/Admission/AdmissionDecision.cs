namespace Oz.KubeSim.Admission;

/// <summary>An admission rule's answer: allow (maybe with warnings) or reject with the server's error.</summary>
public sealed record AdmissionDecision(ApiException? Rejection, IReadOnlyList<string> Warnings)
{
    public static AdmissionDecision Allow { get; } = new(null, []);

    public static AdmissionDecision Warn(params string[] warnings) => new(null, warnings);

    public static AdmissionDecision Deny(ApiException rejection) => new(rejection, []);
}
