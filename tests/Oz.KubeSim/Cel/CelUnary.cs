namespace Oz.KubeSim.Cel;

/// <summary>Unary <c>!</c> or <c>-</c>.</summary>
public sealed record CelUnary(string Op, CelExpr Operand) : CelExpr;
