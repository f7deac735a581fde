namespace Oz.KubeSim.Cel;

/// <summary>A function call, global (<c>size(x)</c>) or receiver-style (<c>x.startsWith(y)</c>).</summary>
public sealed record CelCall(CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args) : CelExpr;
