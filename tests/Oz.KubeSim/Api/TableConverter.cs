using Oz.KubeSim.Api.Printers;

namespace Oz.KubeSim.Api;

/// <summary>
/// Server-side printing (meta.k8s.io/v1 Table): a CRD's additionalPrinterColumns evaluated from
/// their JSONPaths, the API server's own columns for pods, jobs and events, or Name/Age for the rest.
/// </summary>
internal static class TableConverter
{
    private static readonly PrinterColumn NameColumn = new("Name", "string", ".metadata.name", "name", "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names");
    private static readonly PrinterColumn AgeColumn = new("Age", "date", ".metadata.creationTimestamp", null, "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static IReadOnlyList<PrinterColumn> Columns(ResourceType type) =>
        type.PrinterColumns.Count > 0 ? [NameColumn, .. type.PrinterColumns] : BuiltInPrinters.For(type)?.Columns ?? [NameColumn, AgeColumn];

    public static JsonObject Table(ResourceType type, IEnumerable<JsonObject> objects, string? resourceVersion, string? continueToken, bool includeObject, DateTimeOffset now)
    {
        var columns = Columns(type);
        var printer = type.PrinterColumns.Count == 0 ? BuiltInPrinters.For(type) : null;
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            rows.Add(Row(columns, printer, obj, includeObject, now));
        }

        var metadata = new JsonObject();
        if (resourceVersion is not null)
        {
            metadata["resourceVersion"] = resourceVersion;
        }

        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Name,
                ["type"] = c.Type,
                ["format"] = c.Format ?? "",
                ["description"] = c.Description,
                ["priority"] = c.Priority,
            })]),
            ["rows"] = rows,
        };
    }

    private static JsonObject Row(IReadOnlyList<PrinterColumn> columns, BuiltInPrinter? printer, JsonObject obj, bool includeObject, DateTimeOffset now)
    {
        var cells = printer?.Cells(obj, now) ?? [];
        foreach (var column in printer is null ? columns : [])
        {
            var value = Evaluate(obj, column.JsonPath);
            if (column.Type == "date" && value is JsonValue v && v.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                cells.Add(HumanDuration(now - time));
            }
            else
            {
                cells.Add(value?.DeepClone());
            }
        }

        JsonNode rowObject = includeObject
            ? obj.DeepClone()
            : new JsonObject
            {
                ["kind"] = "PartialObjectMetadata",
                ["apiVersion"] = "meta.k8s.io/v1",
                ["metadata"] = obj["metadata"]?.DeepClone(),
            };
        return new JsonObject { ["cells"] = cells, ["object"] = rowObject };
    }

    /// <summary>Evaluates a simple JSONPath: <c>.a.b.c</c>, <c>.a[0].b</c>, <c>.a[-1]</c>, <c>.a[?(@.type=="X")].status</c>.</summary>
    public static JsonNode? Evaluate(JsonNode? node, string path)
    {
        var trimmed = path.Trim();
        if (trimmed.StartsWith('{') && trimmed.EndsWith('}'))
        {
            trimmed = trimmed[1..^1];
        }

        var i = 0;
        while (i < trimmed.Length && node is not null)
        {
            if (trimmed[i] == '.')
            {
                i++;
                var end = i;
                while (end < trimmed.Length && trimmed[end] != '.' && trimmed[end] != '[')
                {
                    end++;
                }

                var key = trimmed[i..end];
                node = key.Length == 0 ? node : (node as JsonObject)?[key];
                i = end;
            }
            else if (trimmed[i] == '[')
            {
                var end = trimmed.IndexOf(']', i);
                if (end < 0)
                {
                    return null;
                }

                var index = trimmed[(i + 1)..end];
                node = Index(node as JsonArray, index);
                i = end + 1;
            }
            else if (trimmed[i] == '$')
            {
                i++;
            }
            else
            {
                return null;
            }
        }

        return node;
    }

    private static JsonNode? Index(JsonArray? array, string index)
    {
        if (array is null)
        {
            return null;
        }

        if (int.TryParse(index, CultureInfo.InvariantCulture, out var n))
        {
            var at = n < 0 ? array.Count + n : n;
            return at >= 0 && at < array.Count ? array[at] : null;
        }

        // Filter expression: ?(@.field=="value")
        var filter = index.TrimStart('?').Trim('(', ')');
        var eq = filter.IndexOf("==", StringComparison.Ordinal);
        if (!filter.StartsWith("@.", StringComparison.Ordinal) || eq < 0)
        {
            return null;
        }

        var field = filter[1..eq];
        var expected = filter[(eq + 2)..].Trim().Trim('"', '\'');
        return array.FirstOrDefault(item => Evaluate(item, field) is JsonValue fv && fv.ToString() == expected);
    }

    /// <summary>Ages as kubectl prints them (duration.HumanDuration).</summary>
    public static string HumanDuration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }

        return hours < 24 * 365 * 2 ? $"{hours / 24}d" : $"{hours / 24 / 365}y";
    }
}
