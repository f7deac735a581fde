namespace Oz.Operator.Configuration;

/// <summary>Where a configuration value came from: a position in the file, or a variable or flag name.</summary>
public sealed record ValueOrigin(int? Line, int? Column, string? Name)
{
    public static ValueOrigin InFile(int line, int column) => new(line, column, null);

    public static ValueOrigin Named(string name) => new(null, null, name);

    public ConfigurationError Error(string key, string message) => new(key, message, Line, Column, Name);
}
