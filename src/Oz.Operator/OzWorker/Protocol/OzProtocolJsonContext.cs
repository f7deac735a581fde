using System.Text.Json.Serialization;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>
/// Compile-time JSON metadata for the protocol's messages, used through <see cref="OzJson.Options"/>
/// (whose naming policy still applies): a Native AOT build cannot build reflection-based metadata
/// for the messages' value-typed fields.
/// </summary>
[JsonSerializable(typeof(TaskAssignment))]
[JsonSerializable(typeof(TaskClaimed))]
[JsonSerializable(typeof(TaskCompleted))]
[JsonSerializable(typeof(TaskFailed))]
[JsonSerializable(typeof(TaskRejected))]
[JsonSerializable(typeof(OzOutgoingMessage.Envelope))]
internal sealed partial class OzProtocolJsonContext : JsonSerializerContext;
