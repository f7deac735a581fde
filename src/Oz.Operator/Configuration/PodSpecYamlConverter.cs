using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using Oz.Operator.Kubernetes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration;

/// <summary>
/// Turns the podTemplate YAML subtree into a <see cref="V1PodSpec"/>. The conversion to JSON is
/// guided by the Kubernetes model types, so unknown fields are reported (with a suggestion) the
/// way `kubectl apply --validate=strict` would, scalars get the type their field needs ("value: 5"
/// becomes the string "5" an EnvVar needs), and every problem keeps its YAML line and column.
/// </summary>
public static class PodSpecYamlConverter
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Type>> FieldCache = new();

    public static V1PodSpec? Convert(
        YamlNode node,
        string path,
        ICollection<ConfigurationError> errors,
        IDictionary<string, ValueOrigin> origins) => ConvertTo<V1PodSpec>(node, path, errors, origins);

    /// <summary>Any Kubernetes model type, read with the same field checks as a pod template.</summary>
    public static T? ConvertTo<T>(
        YamlNode node,
        string path,
        ICollection<ConfigurationError> errors,
        IDictionary<string, ValueOrigin> origins)
        where T : class
    {
        var errorCount = errors.Count;
        var json = ToJson(node, typeof(T), path, errors, origins);
        if (errors.Count > errorCount || json is null)
        {
            return null;
        }

        try
        {
            return KubernetesJson.Deserialize<T>(json, null);
        }
        catch (JsonException e)
        {
            // The guided conversion prevents almost all of these; what remains (e.g. a quantity
            // such as "2 cores") is reported at the field the serializer names.
            var field = path + (e.Path ?? "$")[1..];
            var origin = origins.TryGetValue(field, out var found) ? found : ValueOrigin.InFile((int)node.Start.Line, (int)node.Start.Column);
            errors.Add(origin.Error(field, $"invalid value: {FirstSentence(e.InnerException?.Message ?? e.Message)}"));
            return null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or NotSupportedException or OverflowException)
        {
            errors.Add(YamlConfigReader.At(node, path, $"invalid pod template: {FirstSentence(e.Message)}"));
            return null;
        }
    }

    private static JsonNode? ToJson(YamlNode node, Type type, string path, ICollection<ConfigurationError> errors, IDictionary<string, ValueOrigin> origins)
    {
        origins[path] = ValueOrigin.InFile((int)node.Start.Line, (int)node.Start.Column);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (YamlConfigReader.IsNull(node))
        {
            return null;
        }

        if (ElementType(type, typeof(IList<>), typeof(List<>), typeof(IEnumerable<>), typeof(IReadOnlyList<>)) is { } itemType && type != typeof(string))
        {
            if (node is not YamlSequenceNode sequence)
            {
                errors.Add(YamlConfigReader.At(node, path, "expected a list"));
                return null;
            }

            var array = new JsonArray();
            var index = 0;
            foreach (var item in sequence.Children)
            {
                array.Add(ToJson(item, itemType, $"{path}[{index++}]", errors, origins));
            }

            return array;
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            if (node is not YamlMappingNode mapping)
            {
                errors.Add(YamlConfigReader.At(node, path, "expected a mapping"));
                return null;
            }

            var map = new JsonObject();
            foreach (var (key, value) in mapping.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                map[name] = ToJson(value, valueType, $"{path}.{name}", errors, origins);
            }

            return map;
        }

        var fields = Fields(type);
        if (fields.Count > 0)
        {
            if (node is not YamlMappingNode mapping)
            {
                errors.Add(YamlConfigReader.At(node, path, $"expected a mapping ({type.Name})"));
                return null;
            }

            var result = new JsonObject();
            foreach (var (key, value) in mapping.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                var fieldPath = $"{path}.{name}";
                if (!fields.TryGetValue(name, out var fieldType))
                {
                    var suggestion = KeySuggestions.Suggest(name, fields.Keys);
                    errors.Add(YamlConfigReader.At(key, fieldPath,
                        suggestion is null ? $"unknown field of {type.Name}" : $"unknown field of {type.Name}; did you mean {suggestion}?"));
                    continue;
                }

                result[name] = ToJson(value, fieldType, fieldPath, errors, origins);
            }

            return result;
        }

        if (node is not YamlScalarNode scalar)
        {
            errors.Add(YamlConfigReader.At(node, path, "expected a single value"));
            return null;
        }

        return Scalar(scalar, type, path, errors);
    }

    private static JsonNode? Scalar(YamlScalarNode scalar, Type type, string path, ICollection<ConfigurationError> errors)
    {
        var text = scalar.Value ?? "";
        var plain = scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
        if (type == typeof(string) || type == typeof(DateTime))
        {
            return JsonValue.Create(text);
        }

        if (type == typeof(ResourceQuantity))
        {
            if (KubernetesSyntax.IsQuantity(text))
            {
                return JsonValue.Create(text);
            }

            errors.Add(YamlConfigReader.At(scalar, path, $"'{text}' is not a Kubernetes quantity such as 500m, 2 or 4Gi"));
            return null;
        }

        if (type == typeof(bool))
        {
            if (bool.TryParse(text, out var flag))
            {
                return JsonValue.Create(flag);
            }

            errors.Add(YamlConfigReader.At(scalar, path, $"expected true or false, got '{text}'"));
            return null;
        }

        if (type == typeof(int) || type == typeof(long))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) &&
                (type == typeof(long) || number is >= int.MinValue and <= int.MaxValue))
            {
                return JsonValue.Create(number);
            }

            errors.Add(YamlConfigReader.At(scalar, path, $"expected an integer, got '{text}'"));
            return null;
        }

        if (type == typeof(double) || type == typeof(float))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
            {
                return JsonValue.Create(real);
            }

            errors.Add(YamlConfigReader.At(scalar, path, $"expected a number, got '{text}'"));
            return null;
        }

        if (type == typeof(IntOrString))
        {
            return plain && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port)
                ? JsonValue.Create(port)
                : JsonValue.Create(text);
        }

        // Free-form values (none in a PodSpec today): keep YAML's own reading of plain scalars.
        if (plain && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        return plain && bool.TryParse(text, out var boolean) ? JsonValue.Create(boolean) : JsonValue.Create(text);
    }

    /// <summary>
    /// A model's JSON field names and types, read from the generated serializer metadata rather than
    /// by reflection: a trimmed native build keeps no property metadata for reflection to find, but
    /// keeps every property the generated metadata reads and writes.
    /// </summary>
    private static IReadOnlyDictionary<string, Type> Fields(Type type) => FieldCache.GetOrAdd(type, static t =>
        t.Namespace == "k8s.Models" && KubernetesModelsJsonContext.Default.GetTypeInfo(t) is { Kind: JsonTypeInfoKind.Object } info
            ? info.Properties.ToDictionary(p => p.Name, p => p.PropertyType, StringComparer.Ordinal)
            : new Dictionary<string, Type>());

    private static Type? ElementType(Type type, params Type[] genericDefinitions)
    {
        if (type.IsArray)
        {
            return type == typeof(byte[]) ? null : type.GetElementType();
        }

        return type.IsGenericType && genericDefinitions.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0] : null;
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IDictionary<,>) ||
                               type.GetGenericTypeDefinition() == typeof(Dictionary<,>) ||
                               type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            ? type.GetGenericArguments()[1]
            : null;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message.TrimEnd('.');
    }
}
