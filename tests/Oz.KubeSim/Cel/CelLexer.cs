using System.Text;

namespace Oz.KubeSim.Cel;

/// <summary>Splits CEL source into tokens: identifiers, int/uint/double/string literals and operators.</summary>
public static class CelLexer
{
    private static readonly string[] Operators = ["&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"];

    public static IReadOnlyList<CelToken> Tokenize(string source)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '/' && i + 1 < source.Length && source[i + 1] == '/')
            {
                while (i < source.Length && source[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            var start = i;
            if ((c is 'r' or 'R') && i + 1 < source.Length && source[i + 1] is '\'' or '"')
            {
                i++;
                tokens.Add(ReadString(source, ref i, raw: true, start));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(ReadString(source, ref i, raw: false, start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < source.Length && char.IsDigit(source[i + 1])))
            {
                tokens.Add(ReadNumber(source, ref i));
            }
            else if (char.IsLetter(c) || c == '_')
            {
                while (i < source.Length && (char.IsLetterOrDigit(source[i]) || source[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new CelToken(CelTokenKind.Identifier, source[start..i], null, start + 1));
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(source, i, o, 0, o.Length) == 0)
                    ?? throw Syntax(start, $"token recognition error at: '{c}'");
                i += op.Length;
                tokens.Add(new CelToken(CelTokenKind.Punctuation, op, null, start + 1));
            }
        }

        tokens.Add(new CelToken(CelTokenKind.End, "<EOF>", null, source.Length + 1));
        return tokens;
    }

    internal static CelCompileException Syntax(int index, string message) =>
        new($"ERROR: <input>:1:{index + 1}: Syntax error: {message}");

    private static CelToken ReadNumber(string s, ref int i)
    {
        var start = i;
        if (s[i] == '0' && i + 1 < s.Length && s[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < s.Length && Uri.IsHexDigit(s[i]))
            {
                i++;
            }

            var hex = ulong.Parse(s[(start + 2)..i], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            return Integer(s, ref i, start, hex);
        }

        var isDouble = false;
        while (i < s.Length && char.IsDigit(s[i]))
        {
            i++;
        }

        if (i + 1 < s.Length && s[i] == '.' && char.IsDigit(s[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < s.Length && char.IsDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && s[i] is 'e' or 'E')
        {
            isDouble = true;
            i++;
            if (i < s.Length && s[i] is '+' or '-')
            {
                i++;
            }

            while (i < s.Length && char.IsDigit(s[i]))
            {
                i++;
            }
        }

        var text = s[start..i];
        if (isDouble)
        {
            return new CelToken(CelTokenKind.Double, text, double.Parse(text, CultureInfo.InvariantCulture), start + 1);
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw Syntax(start, $"invalid int literal '{text}'");
        }

        return Integer(s, ref i, start, value);
    }

    private static CelToken Integer(string s, ref int i, int start, ulong value)
    {
        if (i < s.Length && s[i] is 'u' or 'U')
        {
            i++;
            return new CelToken(CelTokenKind.UInt, s[start..i], value, start + 1);
        }

        // The magnitude of a negated literal may reach 2^63; the parser folds the sign.
        return new CelToken(CelTokenKind.Int, s[start..i], value, start + 1);
    }

    private static CelToken ReadString(string s, ref int i, bool raw, int start)
    {
        var quote = s[i];
        var triple = i + 2 < s.Length && s[i + 1] == quote && s[i + 2] == quote;
        i += triple ? 3 : 1;
        var text = new StringBuilder();
        while (true)
        {
            if (i >= s.Length || (!triple && s[i] == '\n'))
            {
                throw Syntax(start, "unterminated string literal");
            }

            if (triple ? string.CompareOrdinal(s, i, new string(quote, 3), 0, 3) == 0 : s[i] == quote)
            {
                i += triple ? 3 : 1;
                break;
            }

            if (s[i] == '\\' && !raw)
            {
                i++;
                text.Append(Escape(s, ref i, start));
                continue;
            }

            text.Append(s[i]);
            i++;
        }

        return new CelToken(CelTokenKind.String, s[start..i], text.ToString(), start + 1);
    }

    private static string Escape(string s, ref int i, int start)
    {
        if (i >= s.Length)
        {
            throw Syntax(start, "unterminated string literal");
        }

        var c = s[i++];
        switch (c)
        {
            case 'n': return "\n";
            case 't': return "\t";
            case 'r': return "\r";
            case 'a': return "\a";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'v': return "\v";
            case '\\' or '\'' or '"' or '`' or '?': return c.ToString();
            case 'x' or 'u' or 'U':
                {
                    var length = c switch { 'x' => 2, 'u' => 4, _ => 8 };
                    if (i + length > s.Length)
                    {
                        throw Syntax(start, "invalid escape sequence");
                    }

                    var code = int.Parse(s.AsSpan(i, length), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    i += length;
                    return char.ConvertFromUtf32(code);
                }

            default:
                if (c is >= '0' and <= '7' && i + 1 < s.Length)
                {
                    var octal = Convert.ToInt32(s.Substring(i - 1, 3), 8);
                    i += 2;
                    return ((char)octal).ToString();
                }

                throw Syntax(start, $"invalid escape sequence '\\{c}'");
        }
    }
}
