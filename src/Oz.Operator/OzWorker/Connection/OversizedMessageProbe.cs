using System.Text.Json;

namespace Oz.Operator.OzWorker.Connection;

/// <summary>
/// Reads the envelope's <c>type</c> and <c>data.task_id</c> from the first bytes of a message too
/// large to keep. The JSON is cut off, so it is read token by token and whatever was not reached
/// stays unknown (null).
/// </summary>
public static class OversizedMessageProbe
{
    public static (string? Type, string? TaskId) Read(ReadOnlySpan<byte> prefix)
    {
        string? type = null;
        string? taskId = null;
        var reader = new Utf8JsonReader(prefix, isFinalBlock: false, state: default);
        var inData = false;
        try
        {
            while ((type is null || taskId is null) && reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1)
                    {
                        inData = false;
                    }

                    continue;
                }

                // Each name is compared while the reader is on it: once Read() has moved to a value
                // that is not a string (a number, an object), comparing it would throw.
                if (reader.CurrentDepth == 1 && reader.ValueTextEquals("type"u8))
                {
                    if (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        type = reader.GetString();
                    }
                }
                else if (reader.CurrentDepth == 1 && reader.ValueTextEquals("data"u8))
                {
                    inData = true;
                }
                else if (inData && reader.CurrentDepth == 2 && reader.ValueTextEquals("task_id"u8))
                {
                    if (reader.Read() && reader.TokenType == JsonTokenType.String)
                    {
                        taskId = reader.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: what was found so far is all there is.
        }

        return (type, string.IsNullOrWhiteSpace(taskId) ? null : taskId);
    }
}
