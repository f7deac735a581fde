namespace Oz.Operator.Tests.Crds;

/// <summary>
/// Checks a JSON value against a CRD's structural schema the way the API server does before CEL:
/// types (with int-or-string), required fields, unknown fields, enums, patterns, lengths, item
/// counts, bounds, and unique keys of map lists. Returns every problem as "path: message".
/// </summary>
internal static class StructuralSchemaChecker
{
    public static IReadOnlyList<string> Check(JsonNode? value, V1JSONSchemaProps schema)
    {
        var errors = new List<string>();
        Check(value, schema, "", errors);
        return errors;
    }

    private static void Check(JsonNode? value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (value is null)
        {
            errors.Add($"{path}: null is not allowed");
            return;
        }

        if (!HasType(value, schema))
        {
            errors.Add($"{path}: expected {schema.Type ?? "integer or string"}, got {value.GetValueKind()}");
            return;
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array:
                CheckArray(array, schema, path, errors);
                break;
            default:
                CheckScalar((JsonValue)value, schema, path, errors);
                break;
        }
    }

    private static bool HasType(JsonNode value, V1JSONSchemaProps schema)
    {
        var kind = value.GetValueKind();
        if (schema.XKubernetesIntOrString == true)
        {
            return kind is JsonValueKind.String || IsInteger(value);
        }

        return schema.Type switch
        {
            "object" => kind is JsonValueKind.Object,
            "array" => kind is JsonValueKind.Array,
            "string" => kind is JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => IsInteger(value),
            "number" => kind is JsonValueKind.Number,
            null => true,
            var other => throw new NotSupportedException($"Unknown schema type {other}"),
        };
    }

    private static bool IsInteger(JsonNode value) =>
        value.GetValueKind() is JsonValueKind.Number && value.AsValue().TryGetValue<long>(out _);

    private static void CheckObject(JsonObject obj, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        foreach (var name in schema.Required ?? [])
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add($"{path}.{name}: Required value");
            }
        }

        foreach (var (name, child) in obj)
        {
            var childSchema = schema.Properties is { } properties && properties.TryGetValue(name, out var property)
                ? property
                : schema.AdditionalProperties as V1JSONSchemaProps;
            if (childSchema is not null)
            {
                Check(child, childSchema, $"{path}.{name}", errors);
            }
            else if (schema.Properties is not null && schema.XKubernetesPreserveUnknownFields != true)
            {
                errors.Add($"{path}.{name}: unknown field");
            }
        }
    }

    private static void CheckArray(JsonArray array, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (array.Count < schema.MinItems)
        {
            errors.Add($"{path}: must have at least {schema.MinItems} items");
        }

        if (array.Count > schema.MaxItems)
        {
            errors.Add($"{path}: must have at most {schema.MaxItems} items");
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (schema.Items is V1JSONSchemaProps items)
            {
                Check(array[i], items, $"{path}[{i}]", errors);
            }
        }

        if (schema.XKubernetesListType == "map" && schema.XKubernetesListMapKeys is { } keys)
        {
            var duplicates = array.OfType<JsonObject>()
                .Select(item => string.Join("/", keys.Select(key => item[key]?.ToJsonString())))
                .GroupBy(key => key)
                .Where(group => group.Count() > 1);
            errors.AddRange(duplicates.Select(group => $"{path}: Duplicate value {group.Key}"));
        }
    }

    private static void CheckScalar(JsonValue value, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (schema.EnumProperty is { } allowed && !allowed.Any(option => JsonNode.DeepEquals(JsonSerializer.SerializeToNode(option), value)))
        {
            errors.Add($"{path}: Unsupported value {value.ToJsonString()}: supported values: {string.Join(", ", allowed)}");
        }

        if (value.GetValueKind() is JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            if (text.Length < schema.MinLength)
            {
                errors.Add($"{path}: should be at least {schema.MinLength} chars long");
            }

            if (text.Length > schema.MaxLength)
            {
                errors.Add($"{path}: may not be more than {schema.MaxLength} chars long");
            }

            if (schema.Pattern is { } pattern && !Regex.IsMatch(text, pattern))
            {
                errors.Add($"{path}: should match '{pattern}'");
            }
        }
        else if (value.GetValueKind() is JsonValueKind.Number)
        {
            var number = double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
            if (number < schema.Minimum)
            {
                errors.Add($"{path}: should be greater than or equal to {schema.Minimum}");
            }

            if (number > schema.Maximum)
            {
                errors.Add($"{path}: should be less than or equal to {schema.Maximum}");
            }
        }
    }
}
