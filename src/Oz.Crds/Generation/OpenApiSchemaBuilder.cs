using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using Oz.Crds.Schema;

namespace Oz.Crds.Generation;

/// <summary>
/// Builds the structural OpenAPI v3 schema of a CRD version by reflection over C# types: JSON names
/// from <see cref="JsonPropertyNameAttribute"/>, types and formats from the CLR types, and the
/// constraints from attributes (ours, System.ComponentModel(.DataAnnotations), and the restated
/// Kubernetes model annotations).
/// </summary>
internal static class OpenApiSchemaBuilder
{
    /// <summary>The pattern upstream gives every resource.Quantity field.</summary>
    public const string QuantityPattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private static readonly NullabilityInfoContext Nullability = new();

    // The JSON Schema type and format of each scalar CLR type.
    private static readonly Dictionary<Type, (string Type, string? Format)> Scalars = new()
    {
        [typeof(string)] = ("string", null),
        [typeof(bool)] = ("boolean", null),
        [typeof(int)] = ("integer", "int32"),
        [typeof(long)] = ("integer", "int64"),
        [typeof(double)] = ("number", "double"),
        [typeof(DateTime)] = ("string", "date-time"),
        [typeof(DateTimeOffset)] = ("string", "date-time"),
        [typeof(byte[])] = ("string", "byte"),
    };

    /// <summary>The schema of an object type, as the root of a CRD version's openAPIV3Schema.</summary>
    public static V1JSONSchemaProps ForRoot(Type type)
    {
        var schema = ForObject(type);
        schema.Description = TypeDescription(type);
        return schema;
    }

    /// <summary>The JSON name of a property, as System.Text.Json and KubernetesClient write it.</summary>
    public static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            ?? char.ToLowerInvariant(property.Name[0]) + property.Name[1..];

    /// <summary>The properties that appear in JSON, in declaration order.</summary>
    public static IEnumerable<PropertyInfo> SerializedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetIndexParameters().Length == 0)
            .Where(property => property.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            .OrderBy(property => property.MetadataToken);

    /// <summary>The description of a type: its [Description], else KubernetesClient's doc, else null.</summary>
    public static string? TypeDescription(Type type) =>
        type.GetCustomAttribute<DescriptionAttribute>()?.Description ?? KubernetesModelDocs.For(type);

    private static V1JSONSchemaProps ForObject(Type type)
    {
        var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in SerializedProperties(type))
        {
            var name = JsonName(property);
            var attributes = Attributes(property);
            properties.Add(name, ForProperty(property, attributes));
            if (attributes.OfType<RequiredAttribute>().Any())
            {
                required.Add(name);
            }
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Properties = properties.Count > 0 ? new Dictionary<string, V1JSONSchemaProps>(properties) : null,
            Required = required.Count > 0 ? [.. required] : null,
            XKubernetesValidations = Rules(type.GetCustomAttributes<ValidationRuleAttribute>()),
        };
    }

    private static List<Attribute> Attributes(PropertyInfo property) =>
        [.. property.GetCustomAttributes(), .. KubernetesModelAnnotations.For(property)];

    private static V1JSONSchemaProps ForProperty(PropertyInfo property, List<Attribute> attributes)
    {
        var schema = ForType(property.PropertyType);
        schema.Description = PropertyDescription(property, attributes);

        foreach (var attribute in attributes)
        {
            Apply(schema, attribute);
        }

        if (schema.Type is "string" && schema.MaxLength is null && schema.EnumProperty is null
            && property.GetCustomAttributes<ValidationRuleAttribute>().Any())
        {
            throw new InvalidOperationException(
                $"{property.DeclaringType?.Name}.{property.Name} has CEL rules but no [MaxLength]; the API server needs a bound to estimate their cost.");
        }

        return schema;
    }

    private static void Apply(V1JSONSchemaProps schema, Attribute attribute)
    {
        switch (attribute)
        {
            case MinLengthAttribute minLength when schema.Type is "array":
                schema.MinItems = minLength.Length;
                break;
            case MinLengthAttribute minLength:
                schema.MinLength = minLength.Length;
                break;
            case MaxLengthAttribute maxLength when schema.Type is "array":
                schema.MaxItems = maxLength.Length;
                break;
            case MaxLengthAttribute maxLength:
                schema.MaxLength = maxLength.Length;
                break;
            case RegularExpressionAttribute pattern:
                schema.Pattern = pattern.Pattern;
                break;
            case AllowedValuesAttribute allowed:
                schema.EnumProperty = [.. allowed.Values.Select(value => value ?? throw new InvalidOperationException("null is not an allowed enum value"))];
                break;
            case MinimumAttribute minimum:
                schema.Minimum = minimum.Value;
                break;
            case MaximumAttribute maximum:
                schema.Maximum = maximum.Value;
                break;
            case DefaultValueAttribute defaultValue:
                schema.DefaultProperty = defaultValue.Value;
                break;
            case ListMapAttribute listMap:
                schema.XKubernetesListType = "map";
                schema.XKubernetesListMapKeys = [.. listMap.Keys];
                break;
            case ValidationRuleAttribute rule:
                schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], Rule(rule)];
                break;
        }
    }

    private static string PropertyDescription(PropertyInfo property, List<Attribute> attributes)
    {
        var description = attributes.OfType<DescriptionAttribute>().FirstOrDefault()?.Description
            ?? KubernetesModelDocs.For(property);
        if (!string.IsNullOrWhiteSpace(description))
        {
            return description;
        }

        if (!IsKubernetesModel(property.DeclaringType))
        {
            // Our own API must explain itself (kubectl explain); fail the generator, not the user.
            throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} has no [Description].");
        }

        return $"{JsonName(property)} of the {property.DeclaringType?.Name}.";
    }

    /// <summary>True for KubernetesClient's model types, which are described by its XML docs, not attributes.</summary>
    public static bool IsKubernetesModel(Type? type) => type?.Assembly == typeof(V1ObjectMeta).Assembly;

    private static V1JSONSchemaProps ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;

        if (Scalars.TryGetValue(type, out var scalar))
        {
            return new V1JSONSchemaProps { Type = scalar.Type, Format = scalar.Format };
        }

        if (type.IsEnum)
        {
            // The enums are written by name (JsonStringEnumConverter), so the schema lists the names.
            return new V1JSONSchemaProps { Type = "string", EnumProperty = [.. Enum.GetNames(type)] };
        }

        if (type == typeof(ResourceQuantity))
        {
            return IntOrString(QuantityPattern);
        }

        if (type == typeof(IntOrString))
        {
            return IntOrString(pattern: null);
        }

        if (type == typeof(V1ObjectMeta))
        {
            // The API server validates metadata itself; CRDs must not restate it.
            return new V1JSONSchemaProps { Type = "object" };
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ForType(valueType) };
        }

        if (ListItemType(type) is { } itemType)
        {
            var items = ForType(itemType);
            items.Description ??= TypeDescription(Nullable.GetUnderlyingType(itemType) ?? itemType);
            return new V1JSONSchemaProps { Type = "array", Items = items };
        }

        if (type.IsClass && type != typeof(object))
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"No OpenAPI schema mapping for {type}.");
    }

    private static V1JSONSchemaProps IntOrString(string? pattern) => new()
    {
        AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
        Pattern = pattern,
        XKubernetesIntOrString = true,
    };

    private static Type? DictionaryValueType(Type type) =>
        GenericInterface(type, typeof(IDictionary<,>)) is { } dictionary && dictionary.GetGenericArguments()[0] == typeof(string)
            ? dictionary.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type) =>
        type.IsArray ? type.GetElementType() : GenericInterface(type, typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static List<V1ValidationRule>? Rules(IEnumerable<ValidationRuleAttribute> rules)
    {
        var list = rules.Select(Rule).ToList();
        return list.Count > 0 ? list : null;
    }

    private static V1ValidationRule Rule(ValidationRuleAttribute rule) => new()
    {
        Rule = rule.Rule,
        Message = rule.Message,
        FieldPath = rule.FieldPath,
        Reason = rule.Reason,
    };
}
