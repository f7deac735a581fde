namespace Oz.Operator.Configuration;

/// <summary>
/// Builds the operator's configuration: defaults, then the YAML file, then environment variables,
/// then flags (each layer overrides the one before), then validation. Every problem of every
/// layer is collected, so one attempt shows everything that needs fixing.
/// </summary>
public static class ConfigurationLoader
{
    public static ConfigurationResult Load(
        string? file,
        IReadOnlyDictionary<string, string> environment,
        ParsedFlags flags,
        ConfigFileFormat format = ConfigFileFormat.Auto)
    {
        var errors = new List<ConfigurationError>();
        var origins = new Dictionary<string, ValueOrigin>(StringComparer.Ordinal);
        var options = new OperatorOptions();

        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return ConfigurationResult.Invalid([new ConfigurationError("--config", $"cannot read configuration file '{file}': {e.Message}")]);
            }

            options = YamlConfigReader.Read(text, options, errors, origins, format);
        }

        foreach (var key in ConfigKeys.All)
        {
            if (key.EnvironmentVariable is { } variable && environment.TryGetValue(variable, out var text))
            {
                options = ApplyText(key, text, ValueOrigin.Named(variable), options, errors, origins);
            }
        }

        foreach (var (path, text) in flags.Values)
        {
            var key = ConfigKeys.Find(path);
            var flag = flags.FlagNames.TryGetValue(path, out var name) ? name : path;
            if (key is null)
            {
                errors.Add(new ConfigurationError(path, "unknown configuration key", Origin: flag));
                continue;
            }

            options = ApplyText(key, text, ValueOrigin.Named(flag), options, errors, origins);
        }

        // A file that is not YAML at all hides what it meant to set: validating the rest would
        // only add noise such as "workerId is required" for a workerId the file does contain.
        if (errors.Any(e => e.Key == YamlConfigReader.FileKey))
        {
            return ConfigurationResult.Invalid(errors);
        }

        // Task variables named without a value take the operator's own (the reference worker's rule).
        options = options with { Env = TaskEnvVars.Inherit(options.Env, environment) };

        var validation = new OperatorOptionsValidator().Validate(options);
        errors.AddRange(validation.Errors.Select(failure => OriginOf(failure.PropertyName, origins).Error(failure.PropertyName, failure.ErrorMessage)));

        return errors.Count == 0 ? ConfigurationResult.Valid(options) : ConfigurationResult.Invalid(errors);
    }

    private static OperatorOptions ApplyText(
        ConfigKey key,
        string text,
        ValueOrigin origin,
        OperatorOptions options,
        List<ConfigurationError> errors,
        Dictionary<string, ValueOrigin> origins)
    {
        origins[key.Path] = origin;

        // An empty variable or flag clears an optional value (e.g. OZ_SIDECAR_IMAGE="" undoes the file's).
        if (text.Length == 0 && key.Nullable)
        {
            return key.Apply(options, null);
        }

        if (!ConfigValueParser.TryParse(key.Kind, text, out var value, out var error))
        {
            errors.Add(origin.Error(key.Path, error));
            return options;
        }

        try
        {
            return key.Apply(options, value);
        }
        catch (OverflowException)
        {
            errors.Add(origin.Error(key.Path, $"value {text} is out of range"));
            return options;
        }
    }

    /// <summary>The origin of the longest recorded key that the failing key path starts with.</summary>
    private static ValueOrigin OriginOf(string path, Dictionary<string, ValueOrigin> origins)
    {
        for (var candidate = path; candidate.Length > 0; candidate = Parent(candidate))
        {
            if (origins.TryGetValue(candidate, out var origin))
            {
                return origin;
            }
        }

        return new ValueOrigin(null, null, null);
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? "" : path[..cut];
    }
}
