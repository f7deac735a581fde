namespace Oz.KubeSim.Cel;

/// <summary>
/// A recursive-descent parser for the CEL grammar (conditional, ||, &amp;&amp;, relations, +/-,
/// * / %, unary, member access, literals), expanding the has() and list macros as cel-go does.
/// </summary>
public sealed class CelParser
{
    private static readonly HashSet<string> Relations = ["==", "!=", "<", "<=", ">", ">="];
    private static readonly HashSet<string> Macros = ["all", "exists", "exists_one", "map", "filter"];
    private readonly IReadOnlyList<CelToken> _tokens;
    private int _position;

    private CelParser(string source) => _tokens = CelLexer.Tokenize(source);

    private CelToken Current => _tokens[_position];

    public static CelExpr Parse(string source)
    {
        var parser = new CelParser(source);
        var expr = parser.Expression();
        if (parser.Current.Kind != CelTokenKind.End)
        {
            throw parser.Error($"extraneous input '{parser.Current.Text}'");
        }

        return expr;
    }

    private CelExpr Expression()
    {
        var condition = Or();
        if (!Accept("?"))
        {
            return condition;
        }

        var then = Or();
        Expect(":");
        return new CelConditional(condition, then, Expression());
    }

    private CelExpr Or()
    {
        var left = And();
        while (Accept("||"))
        {
            left = new CelBinary("||", left, And());
        }

        return left;
    }

    private CelExpr And()
    {
        var left = Relation();
        while (Accept("&&"))
        {
            left = new CelBinary("&&", left, Relation());
        }

        return left;
    }

    private CelExpr Relation()
    {
        var left = Addition();
        while (true)
        {
            if (Current.Kind == CelTokenKind.Punctuation && Relations.Contains(Current.Text))
            {
                var op = Next().Text;
                left = new CelBinary(op, left, Addition());
            }
            else if (Current.Kind == CelTokenKind.Identifier && Current.Text == "in")
            {
                Next();
                left = new CelBinary("in", left, Addition());
            }
            else
            {
                return left;
            }
        }
    }

    private CelExpr Addition()
    {
        var left = Multiplication();
        while (Current.Kind == CelTokenKind.Punctuation && Current.Text is "+" or "-")
        {
            var op = Next().Text;
            left = new CelBinary(op, left, Multiplication());
        }

        return left;
    }

    private CelExpr Multiplication()
    {
        var left = Unary();
        while (Current.Kind == CelTokenKind.Punctuation && Current.Text is "*" or "/" or "%")
        {
            var op = Next().Text;
            left = new CelBinary(op, left, Unary());
        }

        return left;
    }

    private CelExpr Unary()
    {
        if (Accept("!"))
        {
            return new CelUnary("!", Unary());
        }

        if (Current.Kind == CelTokenKind.Punctuation && Current.Text == "-")
        {
            Next();
            if (Current.Kind == CelTokenKind.Int)
            {
                // Fold the sign so that -9223372036854775808 is representable.
                var magnitude = (ulong)Next().Value!;
                if (magnitude > 9223372036854775808UL)
                {
                    throw Error("invalid int literal");
                }

                return Member(new CelLiteral(magnitude == 9223372036854775808UL ? long.MinValue : -(long)magnitude));
            }

            return new CelUnary("-", Unary());
        }

        return Member(Primary());
    }

    private CelExpr Member(CelExpr operand)
    {
        while (true)
        {
            if (Accept("."))
            {
                var name = ExpectIdentifier();
                if (Accept("("))
                {
                    var args = Arguments(")");
                    operand = Macros.Contains(name) && args.Count is 2 or 3 ? Macro(operand, name, args) : new CelCall(operand, name, args);
                }
                else
                {
                    operand = new CelSelect(operand, name, false);
                }
            }
            else if (Accept("["))
            {
                var key = Expression();
                Expect("]");
                operand = new CelIndex(operand, key);
            }
            else
            {
                return operand;
            }
        }
    }

    private CelComprehension Macro(CelExpr range, string name, IReadOnlyList<CelExpr> args)
    {
        if (args[0] is not CelIdent variable)
        {
            throw Error($"{name}() variable name must be a simple identifier");
        }

        return (name, args.Count) switch
        {
            ("map", 3) => new CelComprehension(name, range, variable.Name, args[1], args[2]),
            (_, 2) => new CelComprehension(name, range, variable.Name, null, args[1]),
            _ => throw Error($"{name}() takes two arguments"),
        };
    }

    private CelExpr Primary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case CelTokenKind.Int:
                return (ulong)token.Value! > long.MaxValue ? throw Error("invalid int literal") : new CelLiteral((long)(ulong)token.Value!);
            case CelTokenKind.UInt:
            case CelTokenKind.Double:
            case CelTokenKind.String:
                return new CelLiteral(token.Value);
            case CelTokenKind.Identifier:
                return Identifier(token);
            case CelTokenKind.Punctuation when token.Text == "(":
                {
                    var inner = Expression();
                    Expect(")");
                    return inner;
                }

            case CelTokenKind.Punctuation when token.Text == "[":
                return new CelList(Arguments("]"));
            case CelTokenKind.Punctuation when token.Text == "{":
                return MapLiteral();
            case CelTokenKind.Punctuation when token.Text == ".":
                return Identifier(Next());
            default:
                _position--;
                throw Error(token.Kind == CelTokenKind.End ? "mismatched input '<EOF>'" : $"mismatched input '{token.Text}'");
        }
    }

    private CelExpr Identifier(CelToken token)
    {
        switch (token.Text)
        {
            case "true":
                return new CelLiteral(true);
            case "false":
                return new CelLiteral(false);
            case "null":
                return new CelLiteral(null);
        }

        if (!Accept("("))
        {
            return new CelIdent(token.Text);
        }

        var args = Arguments(")");
        if (token.Text == "has")
        {
            return args is [CelSelect select] ? select with { TestOnly = true } : throw Error("invalid argument to has() macro");
        }

        return new CelCall(null, token.Text, args);
    }

    private CelMap MapLiteral()
    {
        var entries = new List<(CelExpr, CelExpr)>();
        if (Accept("}"))
        {
            return new CelMap(entries);
        }

        do
        {
            if (Current.Text == "}")
            {
                break;
            }

            var key = Expression();
            Expect(":");
            entries.Add((key, Expression()));
        }
        while (Accept(","));
        Expect("}");
        return new CelMap(entries);
    }

    private List<CelExpr> Arguments(string close)
    {
        var args = new List<CelExpr>();
        if (Accept(close))
        {
            return args;
        }

        do
        {
            if (Current.Kind == CelTokenKind.Punctuation && Current.Text == close)
            {
                break;
            }

            args.Add(Expression());
        }
        while (Accept(","));
        Expect(close);
        return args;
    }

    private CelToken Next() => _tokens[_position < _tokens.Count - 1 ? _position++ : _position];

    private bool Accept(string punctuation)
    {
        if (Current.Kind == CelTokenKind.Punctuation && Current.Text == punctuation)
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string punctuation)
    {
        if (!Accept(punctuation))
        {
            throw Error($"mismatched input '{Current.Text}' expecting '{punctuation}'");
        }
    }

    private string ExpectIdentifier()
    {
        if (Current.Kind != CelTokenKind.Identifier)
        {
            throw Error($"no viable alternative at input '.{Current.Text}'");
        }

        return Next().Text;
    }

    private CelCompileException Error(string message) => CelLexer.Syntax(Current.Column - 1, message);
}
