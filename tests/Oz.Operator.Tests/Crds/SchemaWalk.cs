using Oz.Crds.Generation;

namespace Oz.Operator.Tests.Crds;

/// <summary>Navigates the generated AgentTask schema by property path (e.g. "spec.sidecars[].mountPath").</summary>
internal static class SchemaWalk
{
    // Generated once: the generator is pure, and every test reads the same definition.
    public static V1CustomResourceDefinitionVersion Version { get; } = CrdGenerator.Generate().Spec.Versions.Single();

    public static V1JSONSchemaProps Root => Version.Schema.OpenAPIV3Schema;

    /// <summary>The schema at a path: dot-separated property names, "[]" steps into array items.</summary>
    public static V1JSONSchemaProps At(string path)
    {
        var schema = Root;
        foreach (var step in path.Split('.'))
        {
            var name = step.EndsWith("[]", StringComparison.Ordinal) ? step[..^2] : step;
            schema = (schema.Properties is { } properties && properties.TryGetValue(name, out var child) ? child : null)
                ?? throw new KeyNotFoundException($"No property '{name}' on the way to {path}.");
            if (step.EndsWith("[]", StringComparison.Ordinal))
            {
                schema = schema.Items as V1JSONSchemaProps ?? throw new KeyNotFoundException($"'{name}' in {path} is not an array.");
            }
        }

        return schema;
    }

    /// <summary>Every property path under spec and status, recursing through objects, arrays and maps.</summary>
    public static IEnumerable<string> PropertyPaths() =>
        new[] { "spec", "status" }.SelectMany(top => Paths(top, Root.Properties[top]));

    private static IEnumerable<string> Paths(string path, V1JSONSchemaProps schema)
    {
        yield return path;
        var container = schema.Items as V1JSONSchemaProps ?? schema.AdditionalProperties as V1JSONSchemaProps ?? schema;
        var prefix = schema.Items is V1JSONSchemaProps ? path + "[]" : path;
        foreach (var (name, child) in container.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            foreach (var nested in Paths($"{prefix}.{name}", child))
            {
                yield return nested;
            }
        }
    }
}
