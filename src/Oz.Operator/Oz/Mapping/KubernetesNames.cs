using System.Security.Cryptography;
using System.Text;
using Oz.Operator.Tasks;

namespace Oz.Operator.OzWorker.Mapping;

/// <summary>Deterministic, syntax-safe Kubernetes names and label values derived from Oz ids.</summary>
public static class KubernetesNames
{
    /// <summary>Longest DNS-1123 label and longest label value.</summary>
    public const int MaxLength = 63;

    private const int NameHashLength = 10;

    /// <summary>
    /// The AgentTask name for one execution of a task: <c>oz-&lt;task id, sanitised&gt;-&lt;hash&gt;</c>.
    /// The hash covers both ids exactly, so different executions (or ids that sanitise alike)
    /// never share a name; it is at most 63 characters because it appears in label values.
    /// </summary>
    public static string AgentTaskName(string taskId, string executionId)
    {
        var effectiveExecution = string.IsNullOrEmpty(executionId) ? taskId : executionId;
        var hash = Hash(taskId + "\n" + effectiveExecution, NameHashLength);
        var room = MaxLength - "oz-".Length - 1 - hash.Length;
        var readable = Dns1123(taskId, room);
        return readable.Length == 0 ? $"oz-{hash}" : $"oz-{readable}-{hash}";
    }

    /// <summary>The value as a label value (the JobBuilder's rule): invalid characters become '-', ends alphanumeric, ≤ 63 chars.</summary>
    public static string LabelValue(string value) => LabelValues.Sanitize(value);

    /// <summary>A hash label value that matches exactly one id; the same hash the JobBuilder puts on Jobs.</summary>
    public static string LabelHash(string value) => LabelValues.Hash(value);

    /// <summary>Lower-case hex SHA-256 prefix.</summary>
    public static string Hash(string value, int length) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..length];

    private static string Dns1123(string value, int maxLength)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            builder.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-');
        }

        return TrimToAlphanumericEnds(builder.ToString(), maxLength);
    }

    private static string TrimToAlphanumericEnds(string value, int maxLength)
    {
        var trimmed = TrimNonAlphanumeric(value);
        return trimmed.Length <= maxLength ? trimmed : TrimNonAlphanumeric(trimmed[..maxLength]);
    }

    private static string TrimNonAlphanumeric(string value)
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
