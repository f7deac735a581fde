using System.Text.Json;

namespace Oz.Operator.OzWorker.Protocol;

/// <summary>
/// Turns one text frame into an <see cref="OzIncomingMessage"/>. Never throws: whatever the
/// server sends, the caller gets a message or a <see cref="MalformedMessage"/> that carries the
/// task id when it could be recovered, so the task can be rejected rather than lost.
/// </summary>
public static class OzMessageParser
{
    public static OzIncomingMessage Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return new MalformedMessage($"not JSON: {e.Message}", null, null);
        }
        catch (ArgumentException)
        {
            // A lone surrogate in the text itself: it has no UTF-8 form, so it is no JSON either.
            return new MalformedMessage("not JSON: the text is not valid UTF-16", null, null);
        }

        using (document)
        {
            try
            {
                return Parse(document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // Valid JSON, but an escaped lone surrogate (\ud800) in a name or string the parser
                // reads has no .NET string form: the whole message is unusable.
                return new MalformedMessage("a string holds an escaped lone surrogate", null, null);
            }
        }
    }

    private static OzIncomingMessage Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new MalformedMessage($"envelope is a JSON {root.ValueKind}, not an object", null, null);
        }

        var data = Property(root, "data");
        var taskId = RecoverTaskId(data);
        if (Property(root, "type") is not { ValueKind: JsonValueKind.String } typeElement)
        {
            return new MalformedMessage("envelope has no string \"type\"", null, taskId);
        }

        var type = typeElement.GetString()!;
        return type switch
        {
            OzMessageTypes.TaskAssignment => ParseAssignment(data, taskId),
            OzMessageTypes.TaskCancellation => ParseCancellation(data, taskId),
            _ => new UnknownMessage(type),
        };
    }

    private static OzIncomingMessage ParseAssignment(JsonElement? data, string? recoveredTaskId)
    {
        const string type = OzMessageTypes.TaskAssignment;
        if (data is not { ValueKind: JsonValueKind.Object } dataObject)
        {
            return new MalformedMessage("\"data\" is missing or not an object", type, recoveredTaskId);
        }

        TaskAssignment? assignment;
        try
        {
            assignment = dataObject.Deserialize<TaskAssignment>(OzJson.Options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException)
        {
            return new MalformedMessage($"bad field: {e.Message}", type, recoveredTaskId);
        }

        if (assignment?.Task is null)
        {
            return new MalformedMessage("assignment has no \"task\"", type, recoveredTaskId);
        }

        var taskId = string.IsNullOrWhiteSpace(assignment.TaskId) ? assignment.Task.Id : assignment.TaskId;
        if (string.IsNullOrWhiteSpace(taskId))
        {
            return new MalformedMessage("assignment has no task id", type, null);
        }

        if (string.IsNullOrWhiteSpace(assignment.Task.Id))
        {
            return new MalformedMessage("assignment's task has no \"id\"", type, taskId);
        }

        if (assignment.Task.Id != taskId)
        {
            return new MalformedMessage($"task_id and task.id differ ({taskId} vs {assignment.Task.Id})", type, taskId);
        }

        return new AssignmentMessage(assignment with { TaskId = taskId });
    }

    private static OzIncomingMessage ParseCancellation(JsonElement? data, string? recoveredTaskId)
    {
        const string type = OzMessageTypes.TaskCancellation;
        if (data is not { ValueKind: JsonValueKind.Object })
        {
            return new MalformedMessage("\"data\" is missing or not an object", type, recoveredTaskId);
        }

        return string.IsNullOrWhiteSpace(recoveredTaskId)
            ? new MalformedMessage("cancellation has no task id", type, null)
            : new CancellationMessage(recoveredTaskId);
    }

    /// <summary>Best effort: <c>data.task_id</c>, else <c>data.task.id</c>, as a string or a number.</summary>
    private static string? RecoverTaskId(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } dataObject)
        {
            return null;
        }

        var direct = Scalar(Property(dataObject, "task_id"));
        if (!string.IsNullOrWhiteSpace(direct))
        {
            return direct;
        }

        return Property(dataObject, "task") is { ValueKind: JsonValueKind.Object } task
            ? NullIfBlank(Scalar(Property(task, "id")))
            : null;
    }

    private static string? Scalar(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Case-insensitive lookup, matching how the server's Go encoder is read elsewhere.</summary>
    private static JsonElement? Property(JsonElement obj, string name)
    {
        if (obj.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static JsonElement? Property(JsonElement? obj, string name) =>
        obj is { ValueKind: JsonValueKind.Object } o ? Property(o, name) : null;
}
