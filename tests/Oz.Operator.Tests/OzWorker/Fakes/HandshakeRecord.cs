namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>What the fake server saw of one WebSocket handshake.</summary>
public sealed record HandshakeRecord(string Authorization, string[] WorkerIds, string Query, DateTimeOffset At);
