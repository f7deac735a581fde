namespace Oz.Operator.Health;

/// <summary>One named check of /healthz or /readyz and why it fails, if it does.</summary>
public sealed record HealthCheckResult(string Name, bool Healthy, string? Reason = null);
