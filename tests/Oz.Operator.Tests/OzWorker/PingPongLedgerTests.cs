using Oz.Operator.OzWorker.Connection;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>
/// The ledger behind "a report counts as delivered only once the server provably read it": a pong
/// for a ping written after the report proves it, nothing else does.
/// </summary>
public sealed class PingPongLedgerTests
{
    private static readonly byte[] RequestHeaders = Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\nHost: oz\r\nUpgrade: websocket\r\n\r\n");
    private static readonly byte[] ResponseHeaders = Encoding.ASCII.GetBytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n");

    private const int TextOpcode = 0x1;

    private PingPongLedger ledger = null!;

    [SetUp]
    public void SetUp()
    {
        ledger = new PingPongLedger();
        ledger.Written(RequestHeaders);
        ledger.Read(ResponseHeaders);
    }

    [Test]
    public void APongForAPingSentAfterTheReportConfirmsIt()
    {
        var report = SendReport();
        ledger.Written(ClientFrame(WebSocketOpcodes.Ping, "p1"));

        var before = ledger.IsConfirmed(report);
        ledger.Read(ServerFrame(WebSocketOpcodes.Pong, "p1"));

        Assert.That(before, Is.False, "not before the pong");
        Assert.That(ledger.IsConfirmed(report), Is.True);
    }

    [Test]
    public void APongForAPingSentBeforeTheReportDoesNotConfirmIt()
    {
        ledger.Written(ClientFrame(WebSocketOpcodes.Ping, "p0"));
        var report = SendReport();

        ledger.Read(ServerFrame(WebSocketOpcodes.Pong, "p0"));

        Assert.That(ledger.IsConfirmed(report), Is.False);
    }

    [Test]
    public void AnUnsolicitedPongConfirmsNothing()
    {
        var report = SendReport();
        ledger.Written(ClientFrame(WebSocketOpcodes.Ping, "p1"));

        ledger.Read(ServerFrame(WebSocketOpcodes.Pong, "heartbeat"));

        Assert.That(ledger.IsConfirmed(report), Is.False);
    }

    [Test]
    public void ALaterPongAlsoAnswersEarlierPings()
    {
        var report = SendReport();
        ledger.Written(ClientFrame(WebSocketOpcodes.Ping, "p1"));
        ledger.Written(ClientFrame(WebSocketOpcodes.Ping, "p2"));

        ledger.Read(ServerFrame(WebSocketOpcodes.Pong, "p2"));

        Assert.That(ledger.IsConfirmed(report), Is.True);
    }

    [Test]
    public void FramesSplitIntoSingleBytesAreFollowed()
    {
        var confirmations = 0;
        ledger.Confirmed += () => confirmations++;
        var report = ledger.WrittenThrough + 1;
        foreach (var b in ClientFrame(TextOpcode, """{"type":"task_succeeded"}""").Concat(ClientFrame(WebSocketOpcodes.Ping, "p1")))
        {
            ledger.Written([b]);
        }

        foreach (var b in ServerFrame(TextOpcode, """{"type":"other"}""").Concat(ServerFrame(WebSocketOpcodes.Pong, "p1")))
        {
            ledger.Read([b]);
        }

        Assert.That(ledger.IsConfirmed(report), Is.True);
        Assert.That(confirmations, Is.EqualTo(1), "Confirmed raised once, for the pong");
    }

    private long SendReport()
    {
        ledger.Written(ClientFrame(TextOpcode, """{"type":"task_succeeded","data":{"task_id":"t-1"}}"""));
        return ledger.WrittenThrough;
    }

    /// <summary>A client frame: final, masked (RFC 6455 5.3), payload under 126 bytes.</summary>
    private static byte[] ClientFrame(int opcode, string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        byte[] mask = [0x11, 0x22, 0x33, 0x44];
        var frame = new byte[2 + 4 + data.Length];
        frame[0] = (byte)(0x80 | opcode);
        frame[1] = (byte)(0x80 | data.Length);
        mask.CopyTo(frame, 2);
        for (var i = 0; i < data.Length; i++)
        {
            frame[6 + i] = (byte)(data[i] ^ mask[i % 4]);
        }

        return frame;
    }

    /// <summary>A server frame: final, unmasked, payload under 126 bytes.</summary>
    private static byte[] ServerFrame(int opcode, string payload)
    {
        var data = Encoding.UTF8.GetBytes(payload);
        return [(byte)(0x80 | opcode), (byte)data.Length, .. data];
    }
}
