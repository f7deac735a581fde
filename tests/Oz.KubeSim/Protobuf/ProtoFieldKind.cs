namespace Oz.KubeSim.Protobuf;

/// <summary>How a protobuf field of a Kubernetes message maps to its JSON form.</summary>
public enum ProtoFieldKind
{
    /// <summary>A string; the empty string is left out, as Go's omitempty does.</summary>
    String,

    /// <summary>Bytes, written as base64 (the JSON form of []byte).</summary>
    Bytes,

    /// <summary>An int64/int32 varint; zero is left out.</summary>
    Integer,

    /// <summary>A bool; sent only when set (a *bool), so false is kept.</summary>
    Bool,

    /// <summary>A nested message.</summary>
    Message,

    /// <summary>metav1.Time (seconds, nanos) as RFC 3339; the zero time is left out.</summary>
    Time,

    /// <summary>map&lt;string,string&gt;.</summary>
    StringMap,

    /// <summary>map&lt;string,bytes&gt;, values written as base64.</summary>
    BytesMap,

    /// <summary>repeated string.</summary>
    StringList,

    /// <summary>repeated message.</summary>
    MessageList,
}
