namespace Oz.Operator.Configuration;

/// <summary>Where Oz is. The API key is never configured here: it comes from WARP_API_KEY.</summary>
public sealed record OzOptions
{
    public const string DefaultWebSocketUrl = "wss://oz.warp.dev/api/v1/selfhosted/worker/ws";
    public const string DefaultServerRootUrl = "https://app.warp.dev";

    public string WebSocketUrl { get; init; } = DefaultWebSocketUrl;

    public string ServerRootUrl { get; init; } = DefaultServerRootUrl;

    /// <summary>
    /// How often a WebSocket ping goes to Oz. A report counts as delivered only once the pong of a
    /// ping sent after it arrives, so this is also how long recording <c>reportedToOz</c> may take.
    /// </summary>
    public TimeSpan PingInterval { get; init; } = DefaultPingInterval;

    /// <summary>Default of <see cref="PingInterval"/>, the protocol's keep-alive.</summary>
    public static readonly TimeSpan DefaultPingInterval = TimeSpan.FromSeconds(30);
}
