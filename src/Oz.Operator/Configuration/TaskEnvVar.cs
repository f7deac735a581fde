namespace Oz.Operator.Configuration;

/// <summary>
/// One environment variable the operator adds to every task container. A null value means "take
/// it from the operator's own environment" (resolved when the configuration is loaded; a name the
/// operator's environment does not have becomes an empty value, as with the reference worker).
/// </summary>
public sealed record TaskEnvVar(string Name, string? Value);
