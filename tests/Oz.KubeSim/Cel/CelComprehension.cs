namespace Oz.KubeSim.Cel;

/// <summary>A list macro (all, exists, exists_one, map, filter) over a list's elements or a map's keys.</summary>
public sealed record CelComprehension(string Macro, CelExpr Range, string Variable, CelExpr? Filter, CelExpr Step) : CelExpr;
