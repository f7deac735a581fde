using System.CommandLine;
using System.Text.Json;
using Oz.Operator.Configuration;
using Oz.Operator.Hosting;

namespace Oz.Operator.Cli;

/// <summary>
/// The options every configuration-reading command shares: --config and one override flag per
/// configuration key (from <see cref="ConfigKeys"/>), plus --no-cleanup. Flag values are handed
/// to <see cref="ConfigurationLoader"/> as text, so they are parsed exactly like environment variables.
/// </summary>
public sealed class ConfigurationCliOptions
{
    /// <summary>Environment variable naming the configuration file when --config is not given.</summary>
    public const string ConfigFileVariable = "OZ_CONFIG";

    /// <summary>Environment variable naming the file's format when --config-format is not given.</summary>
    public const string ConfigFormatVariable = "OZ_CONFIG_FORMAT";

    private readonly List<(ConfigKey Key, Option Option)> overrides = [];

    public ConfigurationCliOptions()
    {
        foreach (var key in ConfigKeys.All.Where(k => k.Flag is not null))
        {
            var description = $"Overrides {key.Path} (environment: {key.EnvironmentVariable}).";
            Option option = key.Kind switch
            {
                ConfigValueKind.Boolean => new Option<bool>(key.Flag!) { Description = description, Arity = ArgumentArity.ZeroOrOne },
                ConfigValueKind.EnvList => new Option<string[]>(key.Flag!, "-e")
                {
                    Description = $"Adds NAME=VALUE to every task container; a bare NAME takes the operator's own value (repeatable; overrides {key.Path}; environment: {key.EnvironmentVariable}).",
                    HelpName = "NAME[=VALUE]",
                },
                ConfigValueKind.StringMap => new Option<string[]>(key.Flag!)
                {
                    Description = $"Overrides {key.Path} with key=value (repeatable; environment: {key.EnvironmentVariable}).",
                    HelpName = "key=value",
                },
                _ => new Option<string>(key.Flag!) { Description = description, HelpName = key.Kind.ToString().ToLowerInvariant() },
            };
            overrides.Add((key, option));
        }
    }

    public Option<string> Config { get; } = new("--config", "-c")
    {
        Description = $"Configuration file (YAML). Default: ${ConfigFileVariable}, else built-in defaults.",
        HelpName = "file",
    };

    public Option<string> ConfigFormat { get; } = new("--config-format")
    {
        Description = $"Format of the configuration file: auto (by its keys), native, or reference (an oz-agent-worker file). Default: ${ConfigFormatVariable}, else auto.",
        HelpName = string.Join("|", ConfigFileFormats.Names),
    };

    public Option<bool> NoCleanup { get; } = new("--no-cleanup") { Description = "Keep task Jobs after they finish (same as --cleanup false)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(ConfigFormat);
        foreach (var (_, option) in overrides)
        {
            command.Options.Add(option);
        }

        command.Options.Add(NoCleanup);
    }

    /// <summary>The configuration file named by --config or $OZ_CONFIG, if any.</summary>
    public string? ConfigFile(ParseResult parse, CliContext context) =>
        parse.GetValue(Config) is { Length: > 0 } file ? file
        : context.Environment.TryGetValue(ConfigFileVariable, out var fromEnvironment) && fromEnvironment.Length > 0 ? fromEnvironment
        : null;

    public ParsedFlags Flags(ParseResult parse)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, option) in overrides)
        {
            // Options with a default (every bool) have an implicit result even when not typed.
            if (parse.GetResult(option) is not { Implicit: false })
            {
                continue;
            }

            names[key.Path] = key.Flag!;
            values[key.Path] = option switch
            {
                Option<bool> flag => parse.GetValue(flag) ? "true" : "false",
                Option<string[]> pairs when key.Kind == ConfigValueKind.EnvList => TaskEnvVars.ToText(parse.GetValue(pairs) ?? []),
                Option<string[]> pairs => MapText(parse.GetValue(pairs) ?? []),
                Option<string> text => parse.GetValue(text) ?? "",
                _ => throw new InvalidOperationException($"no reader for {option.GetType()}"),
            };
        }

        // --no-cleanup is the switch people type; it wins over --cleanup when both are given.
        if (parse.GetValue(NoCleanup))
        {
            names["cleanup"] = NoCleanup.Name;
            values["cleanup"] = "false";
        }

        return new ParsedFlags(values, names);
    }

    public ConfigurationResult Load(ParseResult parse, CliContext context)
    {
        var formatText = parse.GetValue(ConfigFormat) is { Length: > 0 } given ? given
            : context.Environment.TryGetValue(ConfigFormatVariable, out var fromEnvironment) ? fromEnvironment : null;
        if (!ConfigFileFormats.TryParse(formatText, out var format))
        {
            return ConfigurationResult.Invalid([new ConfigurationError("--config-format", $"'{formatText}' is not one of {string.Join(", ", ConfigFileFormats.Names)}")]);
        }

        return ConfigurationLoader.Load(ConfigFile(parse, context), context.Environment, Flags(parse), format);
    }

    /// <summary>
    /// Loads and validates the configuration, printing every problem when there are any.
    /// Returns null in that case: the command then exits with <see cref="ExitCodes.InvalidConfiguration"/>.
    /// </summary>
    public OperatorOptions? LoadOrReport(ParseResult parse, CliContext context)
    {
        var result = Load(parse, context);
        if (result.Options is { } options)
        {
            return options;
        }

        var count = result.Errors.Count;
        context.Error.WriteLine($"oz-operator: invalid configuration ({count} problem{(count == 1 ? "" : "s")}):");
        foreach (var error in result.Errors)
        {
            context.Error.WriteLine($"  {error}");
        }

        return null;
    }

    /// <summary>Repeated key=value flags become a JSON object, so values may contain commas.</summary>
    private static string MapText(string[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return pair; // not a pair: let the value parser report it
            }

            map[pair[..equals]] = pair[(equals + 1)..];
        }

        return JsonSerializer.Serialize(map);
    }
}
