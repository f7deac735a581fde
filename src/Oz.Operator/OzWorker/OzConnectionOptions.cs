using Oz.Operator.Kubernetes.Queue;

namespace Oz.Operator.OzWorker;

/// <summary>
/// Timings of the Oz connection. Defaults follow the protocol; tests shrink them to milliseconds.
/// </summary>
public sealed record OzConnectionOptions
{
    /// <summary>A WebSocket ping is sent this often.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The connection is dead when nothing (data or pong) arrives for this long.</summary>
    public TimeSpan DeadAfterSilence { get; init; } = Configuration.OperatorOptionsValidator.MaxPingInterval;

    /// <summary>A single write may not take longer; past it the connection is treated as dead.</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bound on the WebSocket handshake.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First reconnect delay; doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan InitialReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each delay is randomised down by up to this fraction so that workers do not reconnect in step.</summary>
    public double ReconnectJitter { get; init; } = 0.2;

    /// <summary>
    /// The reconnect delays as the operator's one backoff: <see cref="InitialReconnectDelay"/> doubling
    /// up to <see cref="MaxReconnectDelay"/>, each shortened by up to <see cref="ReconnectJitter"/>.
    /// </summary>
    public JitteredBackoff ReconnectBackoff => new(InitialReconnectDelay, MaxReconnectDelay, Factor: 2, Jitter: ReconnectJitter, JitterShortensOnly: true);

    /// <summary>Larger messages are dropped (and logged) instead of buffered without bound.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>
    /// Messages from Oz received but not yet handled. When it is full, reading pauses (the server's
    /// writes wait in the socket) instead of buffering without bound.
    /// </summary>
    public int InboxCapacity { get; init; } = 64;

    /// <summary>How often the bridge checks whether the AgentTask cache has synced before connecting.</summary>
    public TimeSpan CacheSyncPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
