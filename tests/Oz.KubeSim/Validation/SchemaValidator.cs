using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oz.KubeSim.Validation;

/// <summary>
/// Validates a custom resource against its structural openAPIV3Schema (type, required, enum,
/// bounds, pattern) and prunes unknown fields, as the API server does for structural schemas.
/// CEL rules (x-kubernetes-validations) are evaluated afterwards, by <see cref="CelRuleValidator"/>.
/// </summary>
public static class SchemaValidator
{
    private static readonly HashSet<string> RootKeys = new(StringComparer.Ordinal) { "apiVersion", "kind", "metadata" };

    public static List<FieldError> ValidateAndPrune(JsonObject obj, JsonObject schema)
    {
        var errors = new List<FieldError>();
        var properties = schema["properties"] as JsonObject;
        foreach (var (key, value) in obj.ToList())
        {
            if (RootKeys.Contains(key))
            {
                continue;
            }

            if (properties?[key] is JsonObject propertySchema)
            {
                Validate(value, propertySchema, key, errors, obj, key);
            }
            else if (!PreservesUnknown(schema))
            {
                obj.Remove(key);
            }
        }

        CheckRequired(obj, schema, "", errors);
        return errors;
    }

    private static bool PreservesUnknown(JsonObject schema) =>
        schema["x-kubernetes-preserve-unknown-fields"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static void CheckRequired(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["required"] is not JsonArray required)
        {
            return;
        }

        foreach (var name in required.Select(r => r?.GetValue<string>() ?? ""))
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(FieldError.Required(Join(path, name)));
            }
        }
    }

    private static void Validate(JsonNode? value, JsonObject schema, string path, List<FieldError> errors, JsonNode parent, string keyInParent)
    {
        if (value is null)
        {
            if (!(schema["nullable"] is JsonValue n && n.GetValue<bool>()))
            {
                // Unset nulls are pruned like the API server drops nulls for non-nullable fields.
                if (parent is JsonObject parentObj)
                {
                    parentObj.Remove(keyInParent);
                }
            }

            return;
        }

        var type = schema["type"]?.GetValue<string>();
        var intOrString = schema["x-kubernetes-int-or-string"] is JsonValue ios && ios.GetValue<bool>();
        var kind = value.GetValueKind();
        if (intOrString)
        {
            if (kind is not (JsonValueKind.String or JsonValueKind.Number))
            {
                errors.Add(TypeError(path, kind, "integer or string"));
            }

            return;
        }

        if (type is not null && !TypeMatches(type, value, kind))
        {
            errors.Add(TypeError(path, kind, type));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add(FieldError.Unsupported(path, value.ToJsonString(), allowed.Select(a => a is JsonValue av && av.TryGetValue<string>(out var s) ? s : a?.ToJsonString() ?? "null")));
        }

        switch (value)
        {
            case JsonObject obj:
                ValidateObject(obj, schema, path, errors);
                break;
            case JsonArray arr:
                ValidateArray(arr, schema, path, errors);
                break;
            case JsonValue scalar:
                ValidateScalar(scalar, kind, schema, path, errors);
                break;
        }
    }

    private static void ValidateObject(JsonObject obj, JsonObject schema, string path, List<FieldError> errors)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"] as JsonObject;
        var preserve = PreservesUnknown(schema) || schema["x-kubernetes-embedded-resource"] is not null;
        foreach (var (key, child) in obj.ToList())
        {
            if (properties?[key] is JsonObject childSchema)
            {
                Validate(child, childSchema, Join(path, key), errors, obj, key);
            }
            else if (additional is not null)
            {
                Validate(child, additional, Join(path, key), errors, obj, key);
            }
            else if (!preserve && (properties is not null || schema["type"]?.GetValue<string>() == "object"))
            {
                obj.Remove(key);
            }
        }

        CheckRequired(obj, schema, path, errors);
    }

    private static void ValidateArray(JsonArray arr, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["maxItems"] is JsonValue max && arr.Count > Number(max))
        {
            errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {arr.Count}: must have at most {max.ToJsonString()} items"));
        }

        if (schema["minItems"] is JsonValue min && arr.Count < Number(min))
        {
            errors.Add(FieldError.Invalid(path, arr.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {min.ToJsonString()} items"));
        }

        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < arr.Count; i++)
            {
                Validate(arr[i], items, $"{path}[{i}]", errors, arr, i.ToString(CultureInfo.InvariantCulture));
            }
        }
    }

    private static void ValidateScalar(JsonValue scalar, JsonValueKind kind, JsonObject schema, string path, List<FieldError> errors)
    {
        if (kind == JsonValueKind.Number)
        {
            var number = Number(scalar);
            if (schema["minimum"] is JsonValue min && number < Number(min))
            {
                errors.Add(FieldError.Invalid(path, scalar.ToJsonString(), $"{path} in body should be greater than or equal to {min.ToJsonString()}"));
            }

            if (schema["maximum"] is JsonValue max && number > Number(max))
            {
                errors.Add(FieldError.Invalid(path, scalar.ToJsonString(), $"{path} in body should be less than or equal to {max.ToJsonString()}"));
            }
        }
        else if (kind == JsonValueKind.String)
        {
            var text = scalar.GetValue<string>();
            if (schema["maxLength"] is JsonValue maxLength && text.Length > Number(maxLength))
            {
                errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {maxLength.ToJsonString()} bytes"));
            }

            if (schema["minLength"] is JsonValue minLength && text.Length < Number(minLength))
            {
                errors.Add(FieldError.Invalid(path, scalar.ToJsonString(), $"{path} in body should be at least {minLength.ToJsonString()} chars long"));
            }

            if (schema["pattern"] is JsonValue pattern && !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.None, TimeSpan.FromSeconds(1)))
            {
                errors.Add(FieldError.Invalid(path, scalar.ToJsonString(), $"{path} in body should match '{pattern.GetValue<string>()}'"));
            }
        }
    }

    private static bool TypeMatches(string type, JsonNode value, JsonValueKind kind) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => kind == JsonValueKind.String,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "number" => kind == JsonValueKind.Number,
        "integer" => kind == JsonValueKind.Number && value is JsonValue v && IsInteger(v),
        _ => true,
    };

    private static bool IsInteger(JsonValue value) => double.IsInteger(Number(value));

    /// <summary>
    /// A JSON number whatever backs the node: a JsonElement (parsed JSON), or a long, int, double or
    /// decimal (YAML, code). Read from its JSON text, since GetValue&lt;T&gt; only converts JsonElements.
    /// </summary>
    private static double Number(JsonValue value) =>
        double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static FieldError TypeError(string path, JsonValueKind kind, string expected)
    {
        var actual = kind switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => "null",
        };
        return FieldError.TypeInvalid(path, $"\"{actual}\"", $"{path} in body must be of type {expected}: \"{actual}\"");
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
