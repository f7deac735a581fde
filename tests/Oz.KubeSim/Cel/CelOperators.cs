namespace Oz.KubeSim.Cel;

/// <summary>CEL's binary operators: equality, ordering, membership and checked arithmetic.</summary>
public static class CelOperators
{
    public static object? Binary(string op, object? left, object? right) => op switch
    {
        "==" => CelValues.Equal(left, right),
        "!=" => !CelValues.Equal(left, right),
        "<" => CelValues.Compare(left, right, "_<_") < 0,
        "<=" => CelValues.Compare(left, right, "_<=_") <= 0,
        ">" => CelValues.Compare(left, right, "_>_") > 0,
        ">=" => CelValues.Compare(left, right, "_>=_") >= 0,
        "in" => In(left, right),
        "+" => Add(left, right),
        "-" or "*" or "/" or "%" => Arithmetic(op, left, right),
        _ => throw new CelEvalException($"unknown operator {op}"),
    };

    public static long ToIndex(object? key) => key switch
    {
        long l => l,
        ulong u => u > long.MaxValue ? -1 : (long)u,
        double d when double.IsInteger(d) => (long)d,
        _ => -1,
    };

    private static bool In(object? element, object? container) => container switch
    {
        IReadOnlyList<object?> list => list.Any(item => CelValues.Equal(item, element)),
        IReadOnlyDictionary<string, object?> map => element is string key && map.ContainsKey(key),
        _ => throw CelValues.NoOverload("@in", element, container),
    };

    private static object Add(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => a + b,
        (IReadOnlyList<object?> a, IReadOnlyList<object?> b) => a.Concat(b).ToList(),
        _ => Arithmetic("+", left, right),
    };

    private static object Arithmetic(string op, object? left, object? right)
    {
        try
        {
            return (left, right) switch
            {
                (long a, long b) => (object)(op switch
                {
                    "+" => checked(a + b),
                    "-" => checked(a - b),
                    "*" => checked(a * b),
                    "/" => b == 0 ? throw new CelEvalException("division by zero") : checked(a / b),
                    _ => b == 0 ? throw new CelEvalException("modulus by zero") : a % b,
                }),
                (ulong a, ulong b) => (object)(op switch
                {
                    "+" => checked(a + b),
                    "-" => checked(a - b),
                    "*" => checked(a * b),
                    "/" => b == 0 ? throw new CelEvalException("division by zero") : a / b,
                    _ => b == 0 ? throw new CelEvalException("modulus by zero") : a % b,
                }),
                (double a, double b) => (object)(op switch
                {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    "/" => a / b,
                    _ => throw CelValues.NoOverload("_%_", left, right),
                }),
                _ => throw CelValues.NoOverload($"_{op}_", left, right),
            };
        }
        catch (OverflowException)
        {
            throw new CelEvalException("integer overflow");
        }
    }
}
