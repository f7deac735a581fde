using System.Security.Cryptography;
using System.Text;

namespace Oz.Crds.V1Alpha1;

/// <summary>
/// The one place that turns arbitrary strings into Kubernetes names and label values: DNS-1123
/// labels (Job and AgentTask names), readable label values, and the hashes selected by.
/// </summary>
/// <remarks>
/// Names derived here are stored in the cluster (a Job's name, an AgentTask's name) and looked up
/// again by later versions of the operator, so each rule's output must never change; tests pin
/// them.
/// </remarks>
public static class KubernetesNames
{
    /// <summary>Longest DNS-1123 label and longest label value.</summary>
    public const int MaxLength = 63;

    /// <summary>Length of <see cref="LabelHash"/> values: 128 bits, so exact-match selection never collides in practice.</summary>
    public const int LabelHashLength = 32;

    /// <summary>
    /// The value as a DNS-1123 label of at most <paramref name="maxLength"/> characters: lowercase,
    /// characters outside [a-z0-9] become '-', no leading or trailing '-'. May be empty.
    /// </summary>
    /// <param name="value">Any string; may be empty.</param>
    /// <param name="maxLength">The longest result.</param>
    /// <param name="collapseRuns">
    /// Whether a run of invalid characters becomes one '-' ("a__b" → "a-b") or one '-' each
    /// ("a--b"). Job names collapse runs and AgentTask names made from Oz ids do not; both rules
    /// are kept because names already in clusters must come out the same.
    /// </param>
    public static string Dns1123Label(string value, int maxLength, bool collapseRuns)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(Math.Min(value.Length, maxLength));
        foreach (var c in value.ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && (!collapseRuns || builder[^1] != '-'))
            {
                builder.Append('-');
            }

            if (builder.Length >= maxLength)
            {
                break;
            }
        }

        return builder.ToString(0, Math.Min(builder.Length, maxLength)).TrimEnd('-');
    }

    /// <summary>
    /// A readable label value: characters outside [A-Za-z0-9-_.] become '-', the result is cut to
    /// 63 characters and stripped of leading/trailing non-alphanumerics. May be empty (a valid value).
    /// Different inputs may give the same value; select by <see cref="LabelHash"/> for exact matches.
    /// </summary>
    public static string LabelValue(string? value)
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

    /// <summary>A label value that matches exactly one value: <see cref="Hash"/> of <see cref="LabelHashLength"/> characters.</summary>
    public static string LabelHash(string value) => Hash(value, LabelHashLength);

    /// <summary>Lowercase hex SHA-256 prefix of the UTF-8 value: stable across processes and versions.</summary>
    public static string Hash(string value, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..length];

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
