namespace Oz.KubeSim.Api.Printers;

/// <summary>Times as the API server's printers show them.</summary>
internal static class PrintedTimes
{
    public static DateTimeOffset? Parse(JsonNode? node, string dottedPath) =>
        JsonPath.GetString(node, dottedPath) is { Length: > 0 } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>translateTimestampSince: the age of a time, or &lt;unknown&gt; when it is not set.</summary>
    public static string Since(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? TableConverter.HumanDuration(now - t) : "<unknown>";
}
