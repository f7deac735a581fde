namespace Oz.Operator.OzWorker.Connection;

/// <summary>
/// Follows one direction of a WebSocket connection's raw bytes (as they pass the HTTP stream) and
/// reports each control frame it sees: the HTTP upgrade headers are skipped up to their blank line,
/// then every frame header is parsed (RFC 6455 section 5.2) so frame boundaries are known however
/// the bytes are chunked. Only observes: a parse problem stops the observing, never the traffic.
/// </summary>
/// <remarks>
/// The runtime's WebSocket offers no way to learn when a pong arrives or a ping leaves; this is the
/// only way to tie a pong to the ping it answers, which is what proves the server read everything
/// sent before that ping.
/// </remarks>
internal sealed class WebSocketFrameTap(Action<int, byte[]> onControlFrame)
{
    private const int MaxControlPayload = 125;

    private readonly byte[] _header = new byte[14];
    private State _state = State.HttpHeaders;
    private int _crlfMatched;
    private int _headerLength;
    private int _headerNeeded = 2;
    private long _payloadLeft;
    private int _opcode;
    private byte[]? _mask;
    private byte[]? _control;
    private int _controlFilled;

    private enum State
    {
        HttpHeaders,
        FrameHeader,
        Payload,
        Stopped,
    }

    /// <summary>Frames whose first header byte has passed: the ordinal of the latest frame.</summary>
    public long Frames { get; private set; }

    public void Observe(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length && _state != State.Stopped)
        {
            switch (_state)
            {
                case State.HttpHeaders:
                    i = SkipHttpHeaders(bytes, i);
                    break;
                case State.FrameHeader:
                    i = ReadHeader(bytes, i);
                    break;
                case State.Payload:
                    i = ReadPayload(bytes, i);
                    break;
            }
        }
    }

    private int SkipHttpHeaders(ReadOnlySpan<byte> bytes, int i)
    {
        ReadOnlySpan<byte> end = "\r\n\r\n"u8;
        while (i < bytes.Length)
        {
            _crlfMatched = bytes[i++] == end[_crlfMatched] ? _crlfMatched + 1 : bytes[i - 1] == end[0] ? 1 : 0;
            if (_crlfMatched == end.Length)
            {
                _state = State.FrameHeader;
                break;
            }
        }

        return i;
    }

    private int ReadHeader(ReadOnlySpan<byte> bytes, int i)
    {
        while (i < bytes.Length && _headerLength < _headerNeeded)
        {
            if (_headerLength == 0)
            {
                Frames++;
            }

            _header[_headerLength++] = bytes[i++];
            if (_headerLength == 2)
            {
                var masked = (_header[1] & 0x80) != 0;
                var length7 = _header[1] & 0x7F;
                _headerNeeded = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
            }
        }

        if (_headerLength < _headerNeeded)
        {
            return i;
        }

        StartPayload();
        return i;
    }

    private void StartPayload()
    {
        _opcode = _header[0] & 0x0F;
        var masked = (_header[1] & 0x80) != 0;
        var length7 = _header[1] & 0x7F;
        var at = 2;
        long length = length7;
        if (length7 == 126)
        {
            length = (_header[2] << 8) | _header[3];
            at = 4;
        }
        else if (length7 == 127)
        {
            length = 0;
            for (var b = 2; b < 10; b++)
            {
                length = (length << 8) | _header[b];
            }

            at = 10;
        }

        if (length < 0 || (IsControl(_opcode) && length > MaxControlPayload))
        {
            _state = State.Stopped;
            return;
        }

        _mask = masked ? _header[at..(at + 4)] : null;
        _payloadLeft = length;
        _control = IsControl(_opcode) ? new byte[length] : null;
        _controlFilled = 0;
        _state = State.Payload;
        if (length == 0)
        {
            EndFrame();
        }
    }

    private int ReadPayload(ReadOnlySpan<byte> bytes, int i)
    {
        var take = (int)Math.Min(_payloadLeft, bytes.Length - i);
        if (_control is not null)
        {
            for (var k = 0; k < take; k++)
            {
                var b = bytes[i + k];
                _control[_controlFilled] = _mask is null ? b : (byte)(b ^ _mask[_controlFilled % 4]);
                _controlFilled++;
            }
        }

        _payloadLeft -= take;
        if (_payloadLeft == 0)
        {
            EndFrame();
        }

        return i + take;
    }

    private void EndFrame()
    {
        if (_control is not null)
        {
            onControlFrame(_opcode, _control);
        }

        _state = State.FrameHeader;
        _headerLength = 0;
        _headerNeeded = 2;
        _control = null;
    }

    private static bool IsControl(int opcode) => opcode >= 0x8;
}
