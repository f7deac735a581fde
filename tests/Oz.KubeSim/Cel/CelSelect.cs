namespace Oz.KubeSim.Cel;

/// <summary>Field selection <c>a.f</c>; TestOnly for the has() macro.</summary>
public sealed record CelSelect(CelExpr Operand, string Field, bool TestOnly) : CelExpr;
