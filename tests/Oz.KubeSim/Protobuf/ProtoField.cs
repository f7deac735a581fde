namespace Oz.KubeSim.Protobuf;

/// <summary>One field of a message: its number on the wire, its JSON name and kind.</summary>
public sealed record ProtoField(int Number, string JsonName, ProtoFieldKind Kind, ProtoMessage? Message = null);
