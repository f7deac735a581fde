namespace Oz.Operator.Configuration;

/// <summary>
/// Configuration values given as command-line flags, as raw strings keyed by configuration key
/// path (e.g. "maxConcurrentTasks" → "4"). Parsed by the same rules as environment variables, so
/// a flag and its variable accept exactly the same values. <paramref name="FlagNames"/> maps a
/// key to the flag that set it, for error messages.
/// </summary>
public sealed record ParsedFlags(IReadOnlyDictionary<string, string> Values, IReadOnlyDictionary<string, string> FlagNames)
{
    public static ParsedFlags Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>Flags named after the keys' default flag names (convenient for tests and callers).</summary>
    public static ParsedFlags From(IReadOnlyDictionary<string, string> values) =>
        new(values, values.Keys.ToDictionary(key => key, key => ConfigKeys.Find(key)?.Flag ?? key));
}
