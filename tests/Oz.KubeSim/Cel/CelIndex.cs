namespace Oz.KubeSim.Cel;

/// <summary>Indexing <c>a[i]</c> of a list or a map.</summary>
public sealed record CelIndex(CelExpr Operand, CelExpr Key) : CelExpr;
