using System.Text;

namespace Oz.KubeSim.Protobuf;

/// <summary>The fields of one Kubernetes protobuf message; decodes it to the object's JSON form. Unknown fields are skipped.</summary>
public sealed class ProtoMessage(string name, params ProtoField[] fields)
{
    private readonly Dictionary<int, ProtoField> _fields = fields.ToDictionary(f => f.Number);

    public string Name { get; } = name;

    public JsonObject Decode(ReadOnlyMemory<byte> data)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (!_fields.TryGetValue(number, out var field))
            {
                reader.Skip(wireType);
                continue;
            }

            var expected = field.Kind is ProtoFieldKind.Integer or ProtoFieldKind.Bool ? 0 : 2;
            if (wireType != expected)
            {
                throw new FormatException($"protobuf: {Name}.{field.JsonName} has wire type {wireType}, expected {expected}");
            }

            Read(obj, field, reader);
        }

        return obj;
    }

    private static void Read(JsonObject obj, ProtoField field, ProtoReader reader)
    {
        switch (field.Kind)
        {
            case ProtoFieldKind.String:
                var text = Encoding.UTF8.GetString(reader.ReadLengthDelimited().Span);
                if (text.Length > 0)
                {
                    obj[field.JsonName] = text;
                }

                break;
            case ProtoFieldKind.Bytes:
                obj[field.JsonName] = Convert.ToBase64String(reader.ReadLengthDelimited().Span);
                break;
            case ProtoFieldKind.Integer:
                var number = (long)reader.ReadVarint();
                if (number != 0)
                {
                    obj[field.JsonName] = number;
                }

                break;
            case ProtoFieldKind.Bool:
                obj[field.JsonName] = reader.ReadVarint() != 0;
                break;
            case ProtoFieldKind.Message:
                obj[field.JsonName] = field.Message!.Decode(reader.ReadLengthDelimited());
                break;
            case ProtoFieldKind.Time:
                if (DecodeTime(reader.ReadLengthDelimited()) is { } time)
                {
                    obj[field.JsonName] = time;
                }

                break;
            case ProtoFieldKind.StringMap or ProtoFieldKind.BytesMap:
                var (key, value) = DecodeMapEntry(reader.ReadLengthDelimited(), field.Kind == ProtoFieldKind.BytesMap);
                ChildObject(obj, field.JsonName)[key] = value;
                break;
            case ProtoFieldKind.StringList:
                ChildArray(obj, field.JsonName).Add(Encoding.UTF8.GetString(reader.ReadLengthDelimited().Span));
                break;
            case ProtoFieldKind.MessageList:
                ChildArray(obj, field.JsonName).Add(field.Message!.Decode(reader.ReadLengthDelimited()));
                break;
        }
    }

    /// <summary>A map entry is a message with the key in field 1 and the value in field 2.</summary>
    private static (string Key, string Value) DecodeMapEntry(ReadOnlyMemory<byte> entry, bool bytesValue)
    {
        var reader = new ProtoReader(entry);
        var key = "";
        var value = "";
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (wireType != 2 || number is not (1 or 2))
            {
                reader.Skip(wireType);
                continue;
            }

            var bytes = reader.ReadLengthDelimited().Span;
            if (number == 1)
            {
                key = Encoding.UTF8.GetString(bytes);
            }
            else
            {
                value = bytesValue ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes);
            }
        }

        return (key, value);
    }

    private static string? DecodeTime(ReadOnlyMemory<byte> data)
    {
        var reader = new ProtoReader(data);
        long seconds = 0;
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag();
            if (number == 1 && wireType == 0)
            {
                seconds = (long)reader.ReadVarint();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return seconds == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    private static JsonObject ChildObject(JsonObject obj, string name)
    {
        if (obj[name] is not JsonObject child)
        {
            child = [];
            obj[name] = child;
        }

        return child;
    }

    private static JsonArray ChildArray(JsonObject obj, string name)
    {
        if (obj[name] is not JsonArray child)
        {
            child = [];
            obj[name] = child;
        }

        return child;
    }
}
