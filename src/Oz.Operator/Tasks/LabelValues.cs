using System.Security.Cryptography;
using System.Text;

namespace Oz.Operator.Tasks;

/// <summary>Turns arbitrary strings into valid Kubernetes label values.</summary>
public static class LabelValues
{
    public const int MaxLength = 63;

    /// <summary>Length of <see cref="Hash"/> values: 128 bits, so exact-match selection never collides in practice.</summary>
    public const int HashLength = 32;

    /// <summary>
    /// A readable label value: characters outside [A-Za-z0-9-_.] become '-', the result is cut to
    /// 63 characters and stripped of leading/trailing non-alphanumerics. May be empty (a valid value).
    /// Different inputs may give the same value; select by <see cref="Hash"/> for exact matches.
    /// </summary>
    public static string Sanitize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(value.Length, MaxLength));
        foreach (var c in value)
        {
            if (builder.Length == MaxLength)
            {
                break;
            }

            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }

        return TrimToAlphanumeric(builder.ToString());
    }

    /// <summary>Lowercase hex SHA-256 prefix of the UTF-8 value: stable across processes and versions.</summary>
    public static string Hash(string value) => HexSha256(value)[..HashLength];

    internal static string HexSha256(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string TrimToAlphanumeric(string value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && !char.IsAsciiLetterOrDigit(value[start]))
        {
            start++;
        }

        while (end > start && !char.IsAsciiLetterOrDigit(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }
}
