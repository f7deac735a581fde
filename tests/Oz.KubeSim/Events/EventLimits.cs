using System.Text;
using System.Text.RegularExpressions;

namespace Oz.KubeSim.Events;

/// <summary>
/// The size and format limits the API server puts on Events with an eventTime: reportingController
/// is a qualified name, reportingInstance, action and reason are at most 128 bytes, the note at most
/// 1024. Lengths are counted in UTF-8 bytes, as Go's len() counts them; errors name the core field
/// of the note (message), as the API server's do.
/// </summary>
internal static partial class EventLimits
{
    public const int ReportingInstanceLimit = 128;
    public const int ActionLimit = 128;
    public const int ReasonLimit = 128;
    public const int NoteLimit = 1024;

    public static IEnumerable<FieldError> Check(JsonObject eventsV1)
    {
        var controller = JsonPath.GetString(eventsV1, "reportingController") ?? "";
        if (controller.Length > 0 && QualifiedNameProblem(controller) is { } problem)
        {
            yield return FieldError.Invalid("reportingController", $"\"{controller}\"", problem);
        }

        foreach (var (field, limit) in new[] { ("reportingInstance", ReportingInstanceLimit), ("action", ActionLimit), ("reason", ReasonLimit), ("note", NoteLimit) })
        {
            if (Encoding.UTF8.GetByteCount(JsonPath.GetString(eventsV1, field) ?? "") > limit)
            {
                yield return FieldError.Invalid(field == "note" ? "message" : field, "\"\"", $"can have at most {limit} characters");
            }
        }
    }

    /// <summary>Why a value is not a qualified name ([DNS subdomain prefix "/"] name of at most 63 characters), or null.</summary>
    public static string? QualifiedNameProblem(string value)
    {
        var parts = value.Split('/');
        if (parts.Length > 2)
        {
            return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
        }

        var name = parts[^1];
        if (parts.Length == 2 && (parts[0].Length == 0 || parts[0].Length > 253 || !SubdomainRegex().IsMatch(parts[0])))
        {
            return "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
        }

        if (name.Length == 0)
        {
            return "name part must be non-empty";
        }

        if (name.Length > 63)
        {
            return "name part must be no more than 63 characters";
        }

        return NameRegex().IsMatch(name) ? null
            : "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
    }

    [GeneratedRegex("^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();
}
