using System.Text.RegularExpressions;

namespace Oz.Operator.Configuration;

/// <summary>The name and value syntaxes of Kubernetes (apimachinery's validation package).</summary>
public static partial class KubernetesSyntax
{
    /// <summary>A DNS-1123 label: namespaces, container names.</summary>
    public static bool IsDnsLabel(string? value) => value is { Length: > 0 and <= 63 } && DnsLabel().IsMatch(value);

    /// <summary>A DNS-1123 subdomain: most object names (e.g. a Lease).</summary>
    public static bool IsDnsSubdomain(string? value) =>
        value is { Length: > 0 and <= 253 } && value.Split('.').All(part => part.Length > 0 && DnsLabel().IsMatch(part));

    /// <summary>A label value: empty, or up to 63 alphanumerics, '-', '_', '.' starting and ending alphanumeric.</summary>
    public static bool IsLabelValue(string? value) => value is not null && (value.Length == 0 || (value.Length <= 63 && LabelName().IsMatch(value)));

    /// <summary>A label or annotation key: an optional DNS-subdomain prefix and '/', then a name of up to 63 characters.</summary>
    public static bool IsQualifiedName(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        var prefixValid = slash < 0 || IsDnsSubdomain(value[..slash]);
        return prefixValid && name.Length is > 0 and <= 63 && LabelName().IsMatch(name);
    }

    /// <summary>A resource quantity as Kubernetes parses it: "10Gi", "500M", "1.5", "1e3".</summary>
    public static bool IsQuantity(string? value) => value is not null && Quantity().IsMatch(value);

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelName();

    [GeneratedRegex("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")]
    private static partial Regex Quantity();
}
