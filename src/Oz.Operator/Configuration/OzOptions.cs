namespace Oz.Operator.Configuration;

/// <summary>Where Oz is. The API key is never configured here: it comes from WARP_API_KEY.</summary>
public sealed record OzOptions
{
    public const string DefaultWebSocketUrl = "wss://oz.warp.dev/api/v1/selfhosted/worker/ws";
    public const string DefaultServerRootUrl = "https://app.warp.dev";

    public string WebSocketUrl { get; init; } = DefaultWebSocketUrl;

    public string ServerRootUrl { get; init; } = DefaultServerRootUrl;
}
