namespace Oz.KubeSim.Apply;

/// <summary>One metadata.managedFields entry: who (manager, operation, subresource) owns which fields.</summary>
public sealed record ManagedFieldEntry(string Manager, string Operation, string ApiVersion, string? Time, string? Subresource, HashSet<string> Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    /// <summary>
    /// Entries are identified as the API server's manager identifier is: manager, operation and
    /// subresource, plus the apiVersion for Update entries (appliers keep one entry across versions).
    /// </summary>
    public bool SameIdentity(string manager, string operation, string apiVersion, string? subresource) =>
        Manager == manager && Operation == operation && Subresource == subresource && (operation == Apply || ApiVersion == apiVersion);

    /// <summary>The manager as conflict messages print it: "mgr", or "mgr" using v1 for Update managers.</summary>
    public string Display()
    {
        var text = $"\"{Manager}\"";
        if (Subresource is not null)
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == Update ? $"{text} using {ApiVersion}" : text;
    }

    public static ManagedFieldEntry? Parse(JsonNode? node)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        return new ManagedFieldEntry(
            JsonPath.GetString(obj, "manager") ?? "",
            JsonPath.GetString(obj, "operation") ?? Update,
            JsonPath.GetString(obj, "apiVersion") ?? "",
            JsonPath.GetString(obj, "time"),
            JsonPath.GetString(obj, "subresource"),
            FieldsV1.Parse(obj["fieldsV1"]));
    }

    public JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            obj["time"] = Time;
        }

        obj["fieldsType"] = "FieldsV1";
        obj["fieldsV1"] = FieldsV1.From(Fields);
        if (Subresource is not null)
        {
            obj["subresource"] = Subresource;
        }

        return obj;
    }
}
