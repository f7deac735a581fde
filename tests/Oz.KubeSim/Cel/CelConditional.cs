namespace Oz.KubeSim.Cel;

public sealed record CelConditional(CelExpr Condition, CelExpr Then, CelExpr Else) : CelExpr;
