namespace Oz.Operator.OzWorker;

/// <summary>
/// The Oz API key. Read only from the environment (WARP_API_KEY, mounted from a Secret) and kept
/// out of every options record, so printing or logging configuration can never reveal it.
/// </summary>
public sealed class OzCredentials
{
    public const string ApiKeyVariable = "WARP_API_KEY";

    public OzCredentials(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        ApiKey = apiKey;
    }

    public string ApiKey { get; }

    /// <summary>The credentials from the environment, or null when no key is set (standalone mode).</summary>
    public static OzCredentials? FromEnvironment(Func<string, string?>? getVariable = null)
    {
        var key = (getVariable ?? Environment.GetEnvironmentVariable)(ApiKeyVariable);
        return string.IsNullOrWhiteSpace(key) ? null : new OzCredentials(key.Trim());
    }

    public override string ToString() => "OzCredentials { ApiKey = *** }";
}
