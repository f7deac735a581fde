namespace Oz.Operator.OzWorker.Connection;

/// <summary>The WebSocket control frame opcodes the <see cref="PingPongLedger"/> looks at.</summary>
internal static class WebSocketOpcodes
{
    public const int Ping = 0x9;
    public const int Pong = 0xA;
}
