namespace Oz.KubeSim.Cel;

/// <summary>A literal: null, bool, long (int), ulong (uint), double or string.</summary>
public sealed record CelLiteral(object? Value) : CelExpr;
