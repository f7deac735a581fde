namespace Oz.KubeSim.Cel;

/// <summary>
/// Evaluates a parsed CEL expression. Follows CEL's error semantics: &amp;&amp; and || absorb an error
/// on one side when the other side decides the result, and macros do the same across elements.
/// </summary>
public static class CelEvaluator
{
    public static object? Evaluate(CelExpr expr, CelScope scope) => expr switch
    {
        CelLiteral literal => literal.Value,
        CelIdent ident => scope.TryGet(ident.Name, out var value) ? value : throw new CelEvalException($"undeclared reference to '{ident.Name}'"),
        CelSelect select => Select(select, scope),
        CelIndex index => Index(Evaluate(index.Operand, scope), Evaluate(index.Key, scope)),
        CelList list => list.Items.Select(i => Evaluate(i, scope)).ToList(),
        CelMap map => Map(map, scope),
        CelUnary unary => Unary(unary, scope),
        CelBinary { Op: "&&" } and => Logical(and, scope, decisive: false),
        CelBinary { Op: "||" } or => Logical(or, scope, decisive: true),
        CelBinary binary => CelOperators.Binary(binary.Op, Evaluate(binary.Left, scope), Evaluate(binary.Right, scope)),
        CelConditional conditional => Evaluate(conditional.Condition, scope) switch
        {
            true => Evaluate(conditional.Then, scope),
            false => Evaluate(conditional.Else, scope),
            var other => throw CelValues.NoOverload("_?_:_", other),
        },
        CelCall call => CelFunctions.Call(call.Function, call.Target is null ? null : Evaluate(call.Target, scope), call.Target is not null, call.Args.Select(a => Evaluate(a, scope)).ToList()),
        CelComprehension comprehension => Comprehension(comprehension, scope),
        _ => throw new CelEvalException($"unsupported expression {expr.GetType().Name}"),
    };

    /// <summary>Evaluates to a bool or throws: what a validation rule must produce.</summary>
    public static bool EvaluateBool(CelExpr expr, CelScope scope) =>
        Evaluate(expr, scope) is bool b ? b : throw new CelEvalException("rule did not evaluate to a bool");

    private static object? Select(CelSelect select, CelScope scope)
    {
        var operand = Evaluate(select.Operand, scope);
        if (operand is not IReadOnlyDictionary<string, object?> map)
        {
            throw new CelEvalException(operand is null ? $"no such key: {select.Field}" : $"type '{CelValues.TypeName(operand)}' does not support field selection");
        }

        if (select.TestOnly)
        {
            return map.ContainsKey(select.Field);
        }

        return map.TryGetValue(select.Field, out var value) ? value : throw new CelEvalException($"no such key: {select.Field}");
    }

    private static object? Index(object? operand, object? key) => operand switch
    {
        IReadOnlyList<object?> list when key is long or ulong or double =>
            CelOperators.ToIndex(key) is var i && i >= 0 && i < list.Count ? list[(int)i] : throw new CelEvalException($"index out of bounds: {CelValues.Format(key)}"),
        IReadOnlyDictionary<string, object?> map when key is string s =>
            map.TryGetValue(s, out var value) ? value : throw new CelEvalException($"no such key: {s}"),
        _ => throw CelValues.NoOverload("_[_]", operand, key),
    };

    private static Dictionary<string, object?> Map(CelMap map, CelScope scope)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (keyExpr, valueExpr) in map.Entries)
        {
            if (Evaluate(keyExpr, scope) is not string key)
            {
                throw new CelEvalException("unsupported map key type: only string keys are supported");
            }

            if (!result.TryAdd(key, Evaluate(valueExpr, scope)))
            {
                throw new CelEvalException($"Failed with repeated key: {key}");
            }
        }

        return result;
    }

    private static object? Unary(CelUnary unary, CelScope scope)
    {
        var operand = Evaluate(unary.Operand, scope);
        return (unary.Op, operand) switch
        {
            ("!", bool b) => !b,
            ("-", long l) => l == long.MinValue ? throw new CelEvalException("integer overflow") : -l,
            ("-", double d) => -d,
            _ => throw CelValues.NoOverload(unary.Op + "_", operand),
        };
    }

    /// <summary>
    /// &amp;&amp; (decisive false) and || (decisive true): either side deciding wins over an error
    /// on the other side, as CEL's commutative logical operators define.
    /// </summary>
    private static bool Logical(CelBinary binary, CelScope scope, bool decisive)
    {
        var (left, leftError) = Try(binary.Left, scope);
        if (left is bool l && l == decisive)
        {
            return decisive;
        }

        var (right, rightError) = Try(binary.Right, scope);
        if (right is bool r && r == decisive)
        {
            return decisive;
        }

        if (leftError is not null)
        {
            throw leftError;
        }

        if (rightError is not null)
        {
            throw rightError;
        }

        return left is bool && right is bool ? !decisive : throw CelValues.NoOverload(binary.Op, left, right);
    }

    private static (object? Value, CelEvalException? Error) Try(CelExpr expr, CelScope scope)
    {
        try
        {
            return (Evaluate(expr, scope), null);
        }
        catch (CelEvalException e)
        {
            return (null, e);
        }
    }

    private static object? Comprehension(CelComprehension c, CelScope scope)
    {
        var range = Evaluate(c.Range, scope);
        IEnumerable<object?> elements = range switch
        {
            IReadOnlyList<object?> list => list,
            IReadOnlyDictionary<string, object?> map => map.Keys,
            _ => throw CelValues.NoOverload(c.Macro, range),
        };
        switch (c.Macro)
        {
            case "all":
            case "exists":
                {
                    var decisive = c.Macro == "exists";
                    CelEvalException? error = null;
                    foreach (var element in elements)
                    {
                        var (value, e) = Try(c.Step, CelScope.Bind(scope, c.Variable, element));
                        if (value is bool b && b == decisive)
                        {
                            return decisive;
                        }

                        error ??= e ?? (value is bool ? null : CelValues.NoOverload(c.Macro, value));
                    }

                    return error is null ? !decisive : throw error;
                }

            case "exists_one":
                return elements.Count(e => EvaluateBool(c.Step, CelScope.Bind(scope, c.Variable, e))) == 1;
            case "filter":
                return elements.Where(e => EvaluateBool(c.Step, CelScope.Bind(scope, c.Variable, e))).ToList();
            case "map":
                return elements
                    .Where(e => c.Filter is null || EvaluateBool(c.Filter, CelScope.Bind(scope, c.Variable, e)))
                    .Select(e => Evaluate(c.Step, CelScope.Bind(scope, c.Variable, e)))
                    .ToList();
            default:
                throw new CelEvalException($"unknown macro {c.Macro}");
        }
    }
}
