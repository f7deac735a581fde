namespace Oz.KubeSim.Cel;

/// <summary>A variable reference (self, oldSelf, a comprehension variable).</summary>
public sealed record CelIdent(string Name) : CelExpr;
