namespace Oz.Operator.Configuration;

/// <summary>
/// Log level names: the .NET names (Trace … Critical, None) and the reference worker's
/// debug | info | warn | error, in any letter case.
/// </summary>
public static class LogLevelNames
{
    /// <summary>Every accepted name, as shown in messages.</summary>
    public static IReadOnlyList<string> All { get; } = ["debug", "info", "warn", "error", "Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    private static readonly Dictionary<string, LogLevel> Short = new(StringComparer.OrdinalIgnoreCase)
    {
        ["info"] = LogLevel.Information,
        ["warn"] = LogLevel.Warning,
    };

    public static bool TryParse(string? name, out LogLevel level)
    {
        level = LogLevel.Information;
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Any(char.IsDigit))
        {
            return false;
        }

        return Short.TryGetValue(name.Trim(), out level) || Enum.TryParse(name.Trim(), ignoreCase: true, out level);
    }

    /// <summary>The level of a name the validator accepted.</summary>
    public static LogLevel Parse(string name) =>
        TryParse(name, out var level) ? level : throw new ArgumentException($"'{name}' is not one of {string.Join(", ", All)}", nameof(name));
}
