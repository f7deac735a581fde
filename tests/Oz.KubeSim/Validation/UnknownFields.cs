using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Oz.KubeSim.Validation;

/// <summary>
/// Server-side field validation: fields a body sends that the kind does not declare. Built-in kinds
/// are checked against their Go types (here: the KubernetesClient models, generated from the same
/// OpenAPI), custom resources against their structural schema (the fields pruning removes), and
/// metadata against ObjectMeta. The directive (<c>?fieldValidation=</c>) decides: <c>Strict</c>
/// refuses the write with 400 (<c>strict decoding error: unknown field "spec.foo"</c>), <c>Warn</c>
/// (the server default) drops the fields and answers with one <c>Warning</c> header each,
/// <c>Ignore</c> drops them silently.
/// </summary>
public static class UnknownFields
{
    private static readonly Dictionary<(string Group, string Version, string Kind), Type> Models = typeof(V1Pod).Assembly.GetTypes()
        .Select(t => (Type: t, Entity: t.GetCustomAttribute<KubernetesEntityAttribute>()))
        .Where(x => x.Entity is not null && x.Type.IsClass && !x.Type.Name.EndsWith("List", StringComparison.Ordinal))
        .GroupBy(x => (x.Entity!.Group ?? "", x.Entity.ApiVersion ?? "", x.Entity.Kind ?? ""))
        .ToDictionary(g => g.Key, g => g.First().Type);

    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>> Properties = new();

    /// <summary>
    /// Applies the request's directive to the unknown fields of <paramref name="obj"/> (a whole
    /// object of a create or update): throws for Strict, else removes them, warning for Warn.
    /// </summary>
    public static void Enforce(ResourceType type, JsonObject obj, RequestContext ctx, bool isPatch = false)
    {
        var directive = Directive(ctx);
        var unknown = Find(type, obj, remove: directive != "Strict");
        if (unknown.Count == 0)
        {
            return;
        }

        if (directive == "Strict")
        {
            var strict = "strict decoding error: " + string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));
            throw StatusObjects.BadRequest(isPatch ? strict : Prefixed(type, obj, strict));
        }

        if (directive == "Warn")
        {
            ctx.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
        }
    }

    /// <summary>The paths of the fields <paramref name="obj"/> has and the kind does not declare, in the server's order; removed when asked.</summary>
    public static List<string> Find(ResourceType type, JsonObject obj, bool remove)
    {
        var unknown = new List<string>();
        if (type.IsCustom)
        {
            if (type.Schema is not null)
            {
                CheckSchema(obj, type.Schema, "", unknown, remove, root: true);

                // The CRD decoder sorts the pruned paths.
                unknown.Sort(StringComparer.Ordinal);
            }
        }
        else if (Models.TryGetValue((type.Group, type.Version, type.Kind), out var model))
        {
            CheckModel(obj, model, "", unknown, remove);
        }

        return unknown;
    }

    private static string Directive(RequestContext ctx) => ctx.FieldValidation switch
    {
        "Strict" or "Ignore" => ctx.FieldValidation,
        _ => "Warn",
    };

    // "Pod in version "v1" cannot be handled as a Pod: ..." when the body names its kind, as the
    // API server's transformDecodeError words it.
    private static string Prefixed(ResourceType type, JsonObject obj, string error)
    {
        if (JsonPath.GetString(obj, "kind") is { Length: > 0 } kind)
        {
            var apiVersion = JsonPath.GetString(obj, "apiVersion") ?? "";
            var version = apiVersion[(apiVersion.LastIndexOf('/') + 1)..];
            return $"{kind} in version \"{version}\" cannot be handled as a {type.Kind}: {error}";
        }

        var body = obj.ToJsonString();
        return $"the object provided is unrecognized (must be of type {type.Kind}): {error} ({(body.Length > 30 ? body[..30] + " ..." : body)})";
    }

    private static void CheckModel(JsonNode? node, Type type, string path, List<string> unknown, bool remove)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        switch (node)
        {
            case JsonObject obj when DictionaryValue(type) is { } valueType:
                foreach (var (key, value) in obj)
                {
                    CheckModel(value, valueType, Join(path, key), unknown, remove);
                }

                break;
            case JsonObject obj when IsModel(type):
                var properties = Properties.GetOrAdd(type, PropertiesOf);
                foreach (var (key, value) in obj.ToList())
                {
                    if (key.StartsWith('$'))
                    {
                        // A strategic merge patch directive ($patch, $setElementOrder/…), not a field.
                        continue;
                    }

                    if (properties.TryGetValue(key, out var propertyType))
                    {
                        CheckModel(value, propertyType, Join(path, key), unknown, remove);
                    }
                    else
                    {
                        unknown.Add(Join(path, key));
                        if (remove)
                        {
                            obj.Remove(key);
                        }
                    }
                }

                break;
            case JsonArray array when ListItem(type) is { } itemType:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckModel(array[i], itemType, $"{path}[{i}]", unknown, remove);
                }

                break;
        }
    }

    private static void CheckSchema(JsonNode? node, JsonObject schema, string path, List<string> unknown, bool remove, bool root = false)
    {
        var preserve = JsonPath.GetBool(schema, "x-kubernetes-preserve-unknown-fields") == true;
        var embedded = JsonPath.GetBool(schema, "x-kubernetes-embedded-resource") == true;
        switch (node)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject;
                var additional = schema["additionalProperties"];
                foreach (var (key, value) in obj.ToList())
                {
                    var keyPath = Join(path, key);
                    if (key.StartsWith('$') || ((root || embedded) && key is "apiVersion" or "kind"))
                    {
                        continue;
                    }

                    if ((root || embedded) && key == "metadata")
                    {
                        CheckModel(value, typeof(V1ObjectMeta), keyPath, unknown, remove);
                    }
                    else if (properties?[key] is JsonObject propertySchema)
                    {
                        CheckSchema(value, propertySchema, keyPath, unknown, remove);
                    }
                    else if (additional is JsonObject additionalSchema)
                    {
                        CheckSchema(value, additionalSchema, keyPath, unknown, remove);
                    }
                    else if (!preserve && !(additional is JsonValue v && v.TryGetValue<bool>(out var allowed) && allowed))
                    {
                        unknown.Add(keyPath);
                        if (remove)
                        {
                            obj.Remove(key);
                        }
                    }
                }

                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    CheckSchema(array[i], items, $"{path}[{i}]", unknown, remove);
                }

                break;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    // Model classes are the generated k8s.Models types; those with their own JSON converter
    // (IntOrString, ResourceQuantity) are scalars on the wire.
    private static bool IsModel(Type type) =>
        type.IsClass && type.Namespace == "k8s.Models" && type.GetCustomAttribute<JsonConverterAttribute>() is null;

    private static Dictionary<string, Type> PropertiesOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .GroupBy(p => p.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().PropertyType, StringComparer.Ordinal);

    private static Type? DictionaryValue(Type type) =>
        Generic(type, typeof(IDictionary<,>)) is { } dictionary && dictionary.GetGenericArguments()[0] == typeof(string)
            ? dictionary.GetGenericArguments()[1]
            : null;

    private static Type? ListItem(Type type) =>
        type != typeof(string) && Generic(type, typeof(IList<>)) is { } list ? list.GetGenericArguments()[0] : null;

    private static Type? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
