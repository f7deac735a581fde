namespace Oz.KubeSim.Cel;

/// <summary>A parsed CEL expression.</summary>
public abstract record CelExpr;
