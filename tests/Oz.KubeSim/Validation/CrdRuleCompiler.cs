using Oz.KubeSim.Cel;

namespace Oz.KubeSim.Validation;

/// <summary>
/// Compiles every x-kubernetes-validations rule and messageExpression of a CRD when the CRD is
/// written, so that a rule that does not compile rejects the CRD (422), as the API server does.
/// </summary>
public static class CrdRuleCompiler
{
    public static List<FieldError> Check(JsonObject crd)
    {
        var errors = new List<FieldError>();
        if (JsonPath.Get(crd, "spec.versions") is not JsonArray versions)
        {
            return errors;
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (JsonPath.Get(versions[i], "schema.openAPIV3Schema") is JsonObject schema)
            {
                Walk(schema, $"spec.versions[{i.ToString(CultureInfo.InvariantCulture)}].schema.openAPIV3Schema", errors);
            }
        }

        return errors;
    }

    private static void Walk(JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["x-kubernetes-validations"] is JsonArray rules)
        {
            for (var j = 0; j < rules.Count; j++)
            {
                var rulePath = $"{path}.x-kubernetes-validations[{j.ToString(CultureInfo.InvariantCulture)}]";
                CompileField(rules[j], "rule", rulePath, errors);
                CompileField(rules[j], "messageExpression", rulePath, errors);
            }
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childSchema)
                {
                    Walk(childSchema, $"{path}.properties[{name}]", errors);
                }
            }
        }

        if (schema["items"] is JsonObject items)
        {
            Walk(items, $"{path}.items", errors);
        }

        if (schema["additionalProperties"] is JsonObject additional)
        {
            Walk(additional, $"{path}.additionalProperties", errors);
        }
    }

    private static void CompileField(JsonNode? rule, string field, string rulePath, List<FieldError> errors)
    {
        if (JsonPath.GetString(rule, field) is not { Length: > 0 } source)
        {
            return;
        }

        try
        {
            CelRules.Compile(source);
        }
        catch (CelCompileException e)
        {
            var what = field == "rule" ? "compilation failed" : "messageExpression compilation failed";
            errors.Add(FieldError.Invalid($"{rulePath}.{field}", $"\"{source}\"", $"{what}: {e.Message}"));
        }
    }
}
