namespace Oz.KubeSim.Cel;

// The CEL abstract syntax tree: a closed set of node records, kept together as one union.

/// <summary>A parsed CEL expression.</summary>
public abstract record CelExpr;

/// <summary>A literal: null, bool, long (int), ulong (uint), double or string.</summary>
public sealed record CelLiteral(object? Value) : CelExpr;

/// <summary>A variable reference (self, oldSelf, a comprehension variable).</summary>
public sealed record CelIdent(string Name) : CelExpr;

/// <summary>Field selection <c>a.f</c>; TestOnly for the has() macro.</summary>
public sealed record CelSelect(CelExpr Operand, string Field, bool TestOnly) : CelExpr;

/// <summary>A function call, global (<c>size(x)</c>) or receiver-style (<c>x.startsWith(y)</c>).</summary>
public sealed record CelCall(CelExpr? Target, string Function, IReadOnlyList<CelExpr> Args) : CelExpr;

/// <summary>Indexing <c>a[i]</c> of a list or a map.</summary>
public sealed record CelIndex(CelExpr Operand, CelExpr Key) : CelExpr;

public sealed record CelList(IReadOnlyList<CelExpr> Items) : CelExpr;

public sealed record CelMap(IReadOnlyList<(CelExpr Key, CelExpr Value)> Entries) : CelExpr;

/// <summary>Unary <c>!</c> or <c>-</c>.</summary>
public sealed record CelUnary(string Op, CelExpr Operand) : CelExpr;

/// <summary>Binary operators: || &amp;&amp; == != &lt; &lt;= &gt; &gt;= in + - * / %.</summary>
public sealed record CelBinary(string Op, CelExpr Left, CelExpr Right) : CelExpr;

public sealed record CelConditional(CelExpr Condition, CelExpr Then, CelExpr Else) : CelExpr;

/// <summary>A list macro (all, exists, exists_one, map, filter) over a list's elements or a map's keys.</summary>
public sealed record CelComprehension(string Macro, CelExpr Range, string Variable, CelExpr? Filter, CelExpr Step) : CelExpr;
