using System.Text.RegularExpressions;

namespace Oz.KubeSim.Api;

/// <summary>The subset of built-in type validation the simulator enforces (names, pod and job essentials).</summary>
internal static partial class BuiltInValidation
{
    public static List<FieldError> Validate(ResourceType type, JsonObject obj, JsonObject? old)
    {
        var errors = new List<FieldError>();
        var name = JsonPath.GetString(obj, "metadata.name") ?? "";
        if (old is null && !Security.RbacNames.IsRbacType(type) && !SubdomainRegex().IsMatch(name) || name.Length > 253)
        {
            errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"",
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
        }

        foreach (var (key, value) in JsonPath.StringMap(JsonPath.Get(obj, "metadata.labels")))
        {
            if (value.Length > 63 || (value.Length > 0 && !LabelValueRegex().IsMatch(value)))
            {
                errors.Add(FieldError.Invalid($"metadata.labels", $"\"{value}\"",
                    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"));
            }

            if (key.Length == 0)
            {
                errors.Add(FieldError.Invalid("metadata.labels", "\"\"", "name part must be non-empty"));
            }
        }

        if (type == BuiltInResources.Pods)
        {
            ValidatePodSpec(obj["spec"] as JsonObject, "spec", errors);
            if (old is not null)
            {
                errors.AddRange(PodUpdateValidation.Validate(obj, old));
            }
        }
        else if (type == BuiltInResources.Jobs)
        {
            var template = JsonPath.Get(obj, "spec.template.spec") as JsonObject;
            ValidatePodSpec(template, "spec.template.spec", errors);
            var restart = JsonPath.GetString(template, "restartPolicy");
            if (restart is not ("Never" or "OnFailure"))
            {
                errors.Add(FieldError.Unsupported("spec.template.spec.restartPolicy", $"\"{restart}\"", ["OnFailure", "Never"]));
            }

            if (old is not null && !JsonNode.DeepEquals(JsonPath.Get(old, "spec.template"), JsonPath.Get(obj, "spec.template")))
            {
                errors.Add(FieldError.Invalid("spec.template", "core.PodTemplateSpec{...}", "field is immutable"));
            }
        }

        return errors;
    }

    private static void ValidatePodSpec(JsonObject? spec, string path, List<FieldError> errors)
    {
        ValidateEphemeralVolumes(spec, path, errors);
        if (spec?["containers"] is not JsonArray containers || containers.Count == 0)
        {
            errors.Add(FieldError.Required($"{path}.containers"));
            return;
        }

        for (var i = 0; i < containers.Count; i++)
        {
            if (string.IsNullOrEmpty(JsonPath.GetString(containers[i], "name")))
            {
                errors.Add(FieldError.Required($"{path}.containers[{i}].name"));
            }

            if (string.IsNullOrEmpty(JsonPath.GetString(containers[i], "image")))
            {
                errors.Add(FieldError.Required($"{path}.containers[{i}].image"));
            }
        }
    }

    /// <summary>
    /// Generic ephemeral volumes as validateEphemeralVolumeSource and ValidatePersistentVolumeClaimSpec
    /// check them: a volumeClaimTemplate, at least one access mode and a storage request.
    /// </summary>
    private static void ValidateEphemeralVolumes(JsonObject? spec, string path, List<FieldError> errors)
    {
        var volumes = spec?["volumes"] as JsonArray ?? [];
        for (var i = 0; i < volumes.Count; i++)
        {
            if (volumes[i]?["ephemeral"] is not JsonObject ephemeral)
            {
                continue;
            }

            var field = $"{path}.volumes[{i}].ephemeral.volumeClaimTemplate";
            if (ephemeral["volumeClaimTemplate"] is not JsonObject template)
            {
                errors.Add(FieldError.Required(field));
                continue;
            }

            if (JsonPath.Get(template, "spec.accessModes") is not JsonArray { Count: > 0 })
            {
                errors.Add(FieldError.Required($"{field}.spec.accessModes", "at least 1 access mode is required"));
            }

            if (JsonPath.Get(template, "spec.resources.requests.storage") is null)
            {
                errors.Add(FieldError.Required($"{field}.spec.resources[storage]"));
            }
        }
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainRegex();

    [GeneratedRegex("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")]
    private static partial Regex LabelValueRegex();
}
