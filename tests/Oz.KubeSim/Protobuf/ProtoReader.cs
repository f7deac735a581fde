namespace Oz.KubeSim.Protobuf;

/// <summary>Reads the protobuf wire format: tags, varints and length-delimited fields; malformed input throws <see cref="FormatException"/>.</summary>
public sealed class ProtoReader(ReadOnlyMemory<byte> data)
{
    private int _position;

    public bool AtEnd => _position >= data.Length;

    /// <summary>The next field's number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).</summary>
    public (int Number, int WireType) ReadTag()
    {
        var tag = ReadVarint();
        var number = (int)(tag >> 3);
        if (number <= 0)
        {
            throw new FormatException("protobuf: invalid field number 0");
        }

        return (number, (int)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= data.Length)
            {
                throw new FormatException("protobuf: truncated varint");
            }

            var b = data.Span[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("protobuf: varint too long");
    }

    public ReadOnlyMemory<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - _position))
        {
            throw new FormatException("protobuf: truncated length-delimited field");
        }

        var slice = data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field this decoder does not know.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case 0:
                ReadVarint();
                break;
            case 1:
                Advance(8);
                break;
            case 2:
                ReadLengthDelimited();
                break;
            case 5:
                Advance(4);
                break;
            default:
                throw new FormatException($"protobuf: unsupported wire type {wireType}");
        }
    }

    private void Advance(int count)
    {
        if (_position + count > data.Length)
        {
            throw new FormatException("protobuf: truncated fixed-width field");
        }

        _position += count;
    }
}
