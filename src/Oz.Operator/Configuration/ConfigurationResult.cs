namespace Oz.Operator.Configuration;

/// <summary>The outcome of loading the configuration: valid options, or every problem found.</summary>
public sealed record ConfigurationResult
{
    private ConfigurationResult(OperatorOptions? options, IReadOnlyList<ConfigurationError> errors)
    {
        Options = options;
        Errors = errors;
    }

    /// <summary>The merged and validated options; null when there are errors.</summary>
    public OperatorOptions? Options { get; }

    public IReadOnlyList<ConfigurationError> Errors { get; }

    public bool IsValid => Options is not null;

    public static ConfigurationResult Valid(OperatorOptions options) => new(options, []);

    public static ConfigurationResult Invalid(IReadOnlyList<ConfigurationError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("an invalid result needs at least one error", nameof(errors)) : new(null, errors);
}
