namespace Oz.Operator.OzWorker.Connection;

/// <summary>
/// Which of the frames this worker wrote the server has provably read. WebSocket frames arrive in
/// order and a server answers a ping only after reading it, so a pong that echoes the payload of
/// ping number N proves that every frame written before N was read. The runtime's keep-alive sends
/// the pings (each with its own payload); this ledger ties the pongs back to them.
/// </summary>
internal sealed class PingPongLedger
{
    private readonly Lock _sync = new();
    private readonly Dictionary<string, long> _pingOrdinals = new(StringComparer.Ordinal);
    private readonly WebSocketFrameTap _outgoing;
    private readonly WebSocketFrameTap _incoming;
    private long _confirmedThrough;

    public PingPongLedger()
    {
        _outgoing = new WebSocketFrameTap(OnOutgoingControl);
        _incoming = new WebSocketFrameTap(OnIncomingControl);
    }

    /// <summary>Raised (outside the lock) whenever a pong confirms more frames.</summary>
    public event Action? Confirmed;

    /// <summary>The ordinal of the last frame written so far: a mark to pass to <see cref="IsConfirmed"/>.</summary>
    public long WrittenThrough
    {
        get
        {
            lock (_sync)
            {
                return _outgoing.Frames;
            }
        }
    }

    /// <summary>Whether a pong arrived for a ping written after frame <paramref name="mark"/>.</summary>
    public bool IsConfirmed(long mark)
    {
        lock (_sync)
        {
            return _confirmedThrough > mark;
        }
    }

    public void Written(ReadOnlySpan<byte> bytes)
    {
        lock (_sync)
        {
            _outgoing.Observe(bytes);
        }
    }

    public void Read(ReadOnlySpan<byte> bytes)
    {
        bool advanced;
        lock (_sync)
        {
            var before = _confirmedThrough;
            _incoming.Observe(bytes);
            advanced = _confirmedThrough > before;
        }

        if (advanced)
        {
            Confirmed?.Invoke();
        }
    }

    private void OnOutgoingControl(int opcode, byte[] payload)
    {
        if (opcode == WebSocketOpcodes.Ping)
        {
            _pingOrdinals[Convert.ToHexString(payload)] = _outgoing.Frames;
        }
    }

    private void OnIncomingControl(int opcode, byte[] payload)
    {
        if (opcode != WebSocketOpcodes.Pong || !_pingOrdinals.Remove(Convert.ToHexString(payload), out var ordinal))
        {
            // An unsolicited pong (a heartbeat) or one for an unknown ping proves nothing.
            return;
        }

        _confirmedThrough = Math.Max(_confirmedThrough, ordinal);

        // Older pings are answered by this pong too (a server may answer only the latest ping).
        foreach (var older in _pingOrdinals.Where(p => p.Value <= ordinal).Select(p => p.Key).ToList())
        {
            _pingOrdinals.Remove(older);
        }
    }
}
