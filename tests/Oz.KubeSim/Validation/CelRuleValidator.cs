using Oz.KubeSim.Cel;

namespace Oz.KubeSim.Validation;

/// <summary>
/// Evaluates x-kubernetes-validations rules of a structural schema against an object, as the
/// apiextensions-apiserver does: self is the value at the rule's schema node, oldSelf the value at
/// the same place in the old object; transition rules (using oldSelf) only run when that old value
/// exists. Old values are correlated through object properties and map-type list keys only.
/// Ratcheting (on by default since 1.30): a failing rule that does not use oldSelf is not reported
/// for a value equal to its correlated old value, so objects stored before a rule existed stay writable.
/// </summary>
public static class CelRuleValidator
{
    private static readonly HashSet<string> RootKeys = ["apiVersion", "kind", "metadata"];

    public static List<FieldError> Validate(JsonObject obj, JsonObject? old, JsonObject schema)
    {
        var errors = new List<FieldError>();
        Walk(RootSelf(obj), old is null ? null : RootSelf(old), old is not null, schema, "", errors, root: true);
        return errors;
    }

    /// <summary>At the root, self sees apiVersion, kind and only metadata.name and generateName.</summary>
    private static JsonObject RootSelf(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (copy["metadata"] is JsonObject meta)
        {
            copy["metadata"] = new JsonObject(meta.Where(p => p.Key is "name" or "generateName").Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        }

        return copy;
    }

    private static void Walk(JsonNode? value, JsonNode? old, bool hasOld, JsonObject schema, string path, List<FieldError> errors, bool root = false)
    {
        if (value is null)
        {
            return;
        }

        if (schema["x-kubernetes-validations"] is JsonArray rules)
        {
            foreach (var rule in rules.OfType<JsonObject>())
            {
                Evaluate(rule, value, old, hasOld, schema, path, errors);
            }
        }

        switch (value)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"] as JsonObject;
                foreach (var (key, child) in obj)
                {
                    if (root && RootKeys.Contains(key))
                    {
                        continue;
                    }

                    if ((properties?[key] as JsonObject ?? additional) is { } childSchema)
                    {
                        var oldObj = old as JsonObject;
                        var childHasOld = hasOld && oldObj is not null && oldObj.ContainsKey(key);
                        Walk(child, childHasOld ? oldObj![key] : null, childHasOld, childSchema, Join(path, key), errors);
                    }
                }

                break;
            case JsonArray arr when schema["items"] is JsonObject items:
                for (var i = 0; i < arr.Count; i++)
                {
                    var oldItem = Correlate(arr[i], old as JsonArray, schema);
                    Walk(arr[i], oldItem, oldItem is not null, items, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", errors);
                }

                break;
        }
    }

    /// <summary>The old element with the same map keys, for x-kubernetes-list-type: map lists; none otherwise.</summary>
    private static JsonNode? Correlate(JsonNode? item, JsonArray? old, JsonObject schema)
    {
        if (old is null || JsonPath.GetString(schema, "x-kubernetes-list-type") != "map" || schema["x-kubernetes-list-map-keys"] is not JsonArray keys || item is not JsonObject itemObj)
        {
            return null;
        }

        var names = keys.Select(k => k?.GetValue<string>() ?? "").ToList();
        return old.OfType<JsonObject>().FirstOrDefault(o => names.TrueForAll(n => JsonNode.DeepEquals(o[n], itemObj[n])));
    }

    private static void Evaluate(JsonObject rule, JsonNode value, JsonNode? old, bool hasOld, JsonObject schema, string path, List<FieldError> errors)
    {
        var source = JsonPath.GetString(rule, "rule") ?? "";
        var message = JsonPath.GetString(rule, "message");
        var typeName = $"\"{JsonPath.GetString(schema, "type") ?? "object"}\"";
        CelProgram program;
        try
        {
            program = CelRules.Compile(source);
        }
        catch (CelCompileException e)
        {
            errors.Add(FieldError.Invalid(path, typeName, $"rule compile error: compilation failed: {e.Message}"));
            return;
        }

        if (program.UsesOldSelf && !hasOld)
        {
            return;
        }

        var variables = new Dictionary<string, object?> { ["self"] = CelValues.FromJson(value) };
        if (hasOld)
        {
            variables["oldSelf"] = CelValues.FromJson(old);
        }

        try
        {
            if (program.Evaluate(variables) is true)
            {
                return;
            }
        }
        catch (CelEvalException e)
        {
            errors.Add(FieldError.Invalid(path, typeName, $"{e.Message} evaluating rule: {(string.IsNullOrWhiteSpace(message) ? source.Trim() : message.Trim())}"));
            return;
        }

        if (!program.UsesOldSelf && hasOld && JsonNode.DeepEquals(value, old))
        {
            return;
        }

        var detail = MessageExpression(rule, variables) ?? (string.IsNullOrEmpty(message) ? $"failed rule: {source.Trim()}" : message);
        var fieldPath = JsonPath.GetString(rule, "fieldPath");
        var errorPath = string.IsNullOrEmpty(fieldPath) ? path : path + NormalizeFieldPath(fieldPath);
        errors.Add(JsonPath.GetString(rule, "reason") switch
        {
            "FieldValueForbidden" => FieldError.Forbidden(errorPath, detail),
            "FieldValueRequired" => FieldError.Required(errorPath, detail),
            "FieldValueDuplicate" => new FieldError(errorPath, "FieldValueDuplicate", $"Duplicate value: {typeName}"),
            _ => FieldError.Invalid(errorPath, typeName, detail),
        });
    }

    /// <summary>The evaluated messageExpression, or null when absent, failing or empty (the static message is used then).</summary>
    private static string? MessageExpression(JsonObject rule, IReadOnlyDictionary<string, object?> variables)
    {
        if (JsonPath.GetString(rule, "messageExpression") is not { Length: > 0 } expression)
        {
            return null;
        }

        try
        {
            return CelRules.Compile(expression).Evaluate(variables) is string { Length: > 0 } text && !text.Contains('\n', StringComparison.Ordinal) ? text : null;
        }
        catch (Exception e) when (e is CelEvalException or CelCompileException)
        {
            return null;
        }
    }

    /// <summary>".a.b" and "['a'].b" become ".a.b", the way field.Path prints children.</summary>
    private static string NormalizeFieldPath(string fieldPath)
    {
        var normalized = fieldPath.Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal);
        return normalized.StartsWith('.') ? normalized : "." + normalized;
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
