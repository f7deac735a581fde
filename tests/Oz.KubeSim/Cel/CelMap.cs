namespace Oz.KubeSim.Cel;

public sealed record CelMap(IReadOnlyList<(CelExpr Key, CelExpr Value)> Entries) : CelExpr;
