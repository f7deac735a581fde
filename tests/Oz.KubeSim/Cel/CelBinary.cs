namespace Oz.KubeSim.Cel;

/// <summary>Binary operators: || &amp;&amp; == != &lt; &lt;= &gt; &gt;= in + - * / %.</summary>
public sealed record CelBinary(string Op, CelExpr Left, CelExpr Right) : CelExpr;
