namespace Oz.KubeSim.Apply;

/// <summary>A field an apply would change that another manager owns.</summary>
public sealed record ApplyConflict(ManagedFieldEntry Owner, string Path);
