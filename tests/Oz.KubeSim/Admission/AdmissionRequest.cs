namespace Oz.KubeSim.Admission;

/// <summary>What an admission rule sees: the operation, the object after defaulting, and the old object on update.</summary>
public sealed record AdmissionRequest(
    AdmissionOperation Operation,
    ResourceType Type,
    string Namespace,
    string Name,
    JsonObject Object,
    JsonObject? OldObject,
    string? Subresource,
    string User,
    bool DryRun);
