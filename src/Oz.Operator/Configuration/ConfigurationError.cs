namespace Oz.Operator.Configuration;

/// <summary>
/// One problem with the configuration, named by its key path (as written in the YAML file, e.g.
/// "oz.webSocketUrl" or "extraLabels[\"team\"]") and, when known, where the value came from:
/// a line and column of the file, or the environment variable or flag that set it.
/// </summary>
public sealed record ConfigurationError(string Key, string Message, int? Line = null, int? Column = null, string? Origin = null)
{
    /// <summary>"key (line 7, col 3): message", "key (OZ_WORKER_ID): message" or "key: message".</summary>
    public override string ToString()
    {
        var where = Line is { } line
            ? Column is { } column ? $"line {line}, col {column}" : $"line {line}"
            : Origin;
        return where is null ? $"{Key}: {Message}" : $"{Key} ({where}): {Message}";
    }
}
