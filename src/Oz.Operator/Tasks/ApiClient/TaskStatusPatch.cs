using System.Buffers;
using System.Text.Json;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes.Informers;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// The status fields the reconciler owns as a JSON merge patch. Every owned field is written,
/// absent ones as explicit nulls (a merge patch leaves out what it does not mention);
/// reportedToOz is never mentioned: it belongs to the Oz bridge.
/// </summary>
/// <remarks>
/// Written straight to UTF-8 with the client's JSON options: building it as a tree meant
/// serializing every field to a string and parsing it back, twice per task.
/// </remarks>
public static class TaskStatusPatch
{
    /// <summary>
    /// The whole patch: <c>metadata.resourceVersion</c> (the precondition) and the owned
    /// <c>status</c> fields, as UTF-8 JSON.
    /// </summary>
    public static byte[] Document(string? resourceVersion, AgentTaskStatus status)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartObject("metadata");
            writer.WriteString("resourceVersion", resourceVersion);
            writer.WriteEndObject();
            writer.WritePropertyName("status");
            WriteOwnedFields(writer, status);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOwnedFields(Utf8JsonWriter writer, AgentTaskStatus status)
    {
        writer.WriteStartObject();
        Field(writer, "phase", status.Phase);
        Field(writer, "reason", status.Reason);
        Field(writer, "message", status.Message);
        Field(writer, "conditions", status.Conditions);
        Field(writer, "jobName", status.JobName);
        Field(writer, "podName", status.PodName);
        Field(writer, "nodeName", status.NodeName);
        Field(writer, "startTime", status.StartTime);
        Field(writer, "completionTime", status.CompletionTime);
        Field(writer, "duration", status.Duration);
        Field(writer, "exitCode", status.ExitCode);
        Field(writer, "observedGeneration", status.ObservedGeneration);
        writer.WriteEndObject();
    }

    /// <summary>A field by its value's own type, as the client serializes an object.</summary>
    private static void Field(Utf8JsonWriter writer, string name, object? value)
    {
        writer.WritePropertyName(name);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value, ClientJson.Options.GetTypeInfo(value.GetType()));
        }
    }
}
