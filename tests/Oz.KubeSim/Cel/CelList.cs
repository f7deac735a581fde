namespace Oz.KubeSim.Cel;

public sealed record CelList(IReadOnlyList<CelExpr> Items) : CelExpr;
