namespace Oz.KubeSim.Controllers;

/// <summary>One unit of garbage-collector work about one object.</summary>
public sealed record GcWork(GcWorkKind Kind, ResourceType Type, string Uid, string Name, string Namespace);
