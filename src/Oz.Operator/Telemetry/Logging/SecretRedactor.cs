using System.Text.RegularExpressions;

namespace Oz.Operator.Telemetry.Logging;

/// <summary>
/// The safety net behind "secrets are never logged": every log line passes through
/// <see cref="Redact"/> before it is written. Masks the values it was given (the WARP_API_KEY value,
/// and whatever a component registers, e.g. environment values Oz sends for a task's Secret), bearer
/// tokens, <c>WARP_API_KEY=...</c> assignments and the values of serialized Secret
/// <c>data</c>/<c>stringData</c>. Code must still not log secrets; this catches mistakes.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";
    public const string ApiKeyVariable = "WARP_API_KEY";

    /// <summary>Shorter values are not masked: masking "1" or "true" everywhere would garble logs.</summary>
    public const int MinimumSecretLength = 6;

    /// <summary>The owner of values that are never forgotten (the API key).</summary>
    private const string Permanent = "";

    private readonly Lock sync = new();

    /// <summary>Owner (e.g. an AgentTask) → its values; guarded by <see cref="sync"/>.</summary>
    private readonly Dictionary<string, HashSet<string>> byOwner = new(StringComparer.Ordinal);

    /// <summary>How many owners registered each value; guarded by <see cref="sync"/>.</summary>
    private readonly Dictionary<string, int> owners = new(StringComparer.Ordinal);

    /// <summary>Every value still known, longest first: what <see cref="Redact"/> reads without a lock.</summary>
    private string[] secrets = [];

    /// <summary>How many distinct values are masked now: bounded by the values of owners not yet forgotten.</summary>
    public int Count => Volatile.Read(ref secrets).Length;

    /// <summary>A redactor that knows the API key in <paramref name="environment"/> (if any).</summary>
    public static SecretRedactor FromEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        var redactor = new SecretRedactor();
        if (environment.TryGetValue(ApiKeyVariable, out var key))
        {
            redactor.Register(key);
        }

        return redactor;
    }

    /// <summary>A redactor that knows the API key of this process's environment (if any).</summary>
    public static SecretRedactor FromProcessEnvironment()
    {
        var redactor = new SecretRedactor();
        redactor.Register(Environment.GetEnvironmentVariable(ApiKeyVariable));
        return redactor;
    }

    /// <summary>Masks <paramref name="value"/> (trimmed) from now on wherever it appears, for the life of the process.</summary>
    public void Register(string? value) => Register(Permanent, value);

    /// <summary>
    /// Masks <paramref name="value"/> (trimmed) until <see cref="Forget"/> is called for
    /// <paramref name="owner"/> (and no other owner registered the same value).
    /// </summary>
    public void Register(string owner, string? value)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var secret = value?.Trim();
        if (secret is null || secret.Length < MinimumSecretLength)
        {
            return;
        }

        lock (sync)
        {
            if (!byOwner.TryGetValue(owner, out var values))
            {
                byOwner[owner] = values = new HashSet<string>(StringComparer.Ordinal);
            }

            if (!values.Add(secret))
            {
                return;
            }

            owners[secret] = owners.GetValueOrDefault(secret) + 1;
            if (owners[secret] == 1)
            {
                // Longest first, so a secret containing another is masked whole.
                Publish([.. secrets.Append(secret).OrderByDescending(s => s.Length)]);
            }
        }
    }

    /// <summary>
    /// Stops masking the values of <paramref name="owner"/> (a task that is gone), so the values
    /// kept and the work per redacted line depend on the live owners only, never on every owner
    /// ever seen. The permanent values (the API key) cannot be forgotten.
    /// </summary>
    public void Forget(string owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner == Permanent)
        {
            return;
        }

        lock (sync)
        {
            if (!byOwner.Remove(owner, out var values))
            {
                return;
            }

            var dropped = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in values)
            {
                if (--owners[value] == 0)
                {
                    owners.Remove(value);
                    dropped.Add(value);
                }
            }

            if (dropped.Count > 0)
            {
                Publish([.. secrets.Where(s => !dropped.Contains(s))]);
            }
        }
    }

    private void Publish(string[] values) => Volatile.Write(ref secrets, values);

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in Volatile.Read(ref secrets))
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = BearerToken().Replace(text, "$1" + Mask);
        text = ApiKeyAssignment().Replace(text, "$1" + Mask);
        text = ApiKeyEnvVar().Replace(text, "$1" + Mask + "\"");
        return SecretData().Replace(text, m => m.Groups[1].Value + SecretDataValue().Replace(m.Groups[2].Value, "$1" + Mask + "\"") + m.Groups[3].Value);
    }

    [GeneratedRegex(@"(?i)(\bbearer\s+)[A-Za-z0-9\-._~+/]+=*")]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"(WARP_API_KEY[""']?\s*[:=]\s*[""']?)[^\s""',;}]+")]
    private static partial Regex ApiKeyAssignment();

    // An EnvVar as JSON: {"name":"WARP_API_KEY","value":"..."}.
    [GeneratedRegex(@"(""name""\s*:\s*""WARP_API_KEY""\s*,\s*""value""\s*:\s*"")(?:[^""\\]|\\.)*""")]
    private static partial Regex ApiKeyEnvVar();

    // A serialized Secret's (or ConfigMap's: masking too much is the safe side) data maps.
    [GeneratedRegex(@"(""(?:data|stringData)""\s*:\s*\{)([^{}]*)(\})")]
    private static partial Regex SecretData();

    [GeneratedRegex(@"(""(?:[^""\\]|\\.)*""\s*:\s*"")(?:[^""\\]|\\.)*""")]
    private static partial Regex SecretDataValue();
}
