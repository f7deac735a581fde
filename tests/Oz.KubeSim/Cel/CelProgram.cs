namespace Oz.KubeSim.Cel;

/// <summary>
/// A compiled CEL expression: parsed, and checked that it references only declared variables and
/// known functions, as the API server's compiler rejects undeclared references at CRD write time.
/// </summary>
public sealed class CelProgram
{
    private CelProgram(string source, CelExpr expr, bool usesOldSelf)
    {
        Source = source;
        Expr = expr;
        UsesOldSelf = usesOldSelf;
    }

    public string Source { get; }

    public CelExpr Expr { get; }

    /// <summary>A transition rule: only evaluated when there is an old value to compare with.</summary>
    public bool UsesOldSelf { get; }

    public static CelProgram Compile(string source, IReadOnlyCollection<string> variables)
    {
        var expr = CelParser.Parse(source);
        var usesOldSelf = false;
        Check(expr, [.. variables], ref usesOldSelf);
        return new CelProgram(source, expr, usesOldSelf);
    }

    public object? Evaluate(IReadOnlyDictionary<string, object?> variables) => CelEvaluator.Evaluate(Expr, new CelScope(variables));

    private static void Check(CelExpr expr, HashSet<string> declared, ref bool usesOldSelf)
    {
        switch (expr)
        {
            case CelIdent ident:
                if (!declared.Contains(ident.Name))
                {
                    throw new CelCompileException($"ERROR: <input>:1:1: undeclared reference to '{ident.Name}' (in container '')");
                }

                usesOldSelf |= ident.Name == "oldSelf";
                break;
            case CelSelect select:
                Check(select.Operand, declared, ref usesOldSelf);
                break;
            case CelIndex index:
                Check(index.Operand, declared, ref usesOldSelf);
                Check(index.Key, declared, ref usesOldSelf);
                break;
            case CelList list:
                foreach (var item in list.Items)
                {
                    Check(item, declared, ref usesOldSelf);
                }

                break;
            case CelMap map:
                foreach (var (key, value) in map.Entries)
                {
                    Check(key, declared, ref usesOldSelf);
                    Check(value, declared, ref usesOldSelf);
                }

                break;
            case CelUnary unary:
                Check(unary.Operand, declared, ref usesOldSelf);
                break;
            case CelBinary binary:
                Check(binary.Left, declared, ref usesOldSelf);
                Check(binary.Right, declared, ref usesOldSelf);
                break;
            case CelConditional conditional:
                Check(conditional.Condition, declared, ref usesOldSelf);
                Check(conditional.Then, declared, ref usesOldSelf);
                Check(conditional.Else, declared, ref usesOldSelf);
                break;
            case CelCall call:
                if (!CelFunctions.Known.Contains(call.Function))
                {
                    throw new CelCompileException($"ERROR: <input>:1:1: undeclared reference to '{call.Function}' (in container '')");
                }

                if (call.Target is not null)
                {
                    Check(call.Target, declared, ref usesOldSelf);
                }

                foreach (var arg in call.Args)
                {
                    Check(arg, declared, ref usesOldSelf);
                }

                break;
            case CelComprehension comprehension:
                Check(comprehension.Range, declared, ref usesOldSelf);
                var inner = new HashSet<string>(declared) { comprehension.Variable };
                if (comprehension.Filter is not null)
                {
                    Check(comprehension.Filter, inner, ref usesOldSelf);
                }

                Check(comprehension.Step, inner, ref usesOldSelf);
                break;
        }
    }
}
