using System.Reflection;
using k8s.Models;
using Oz.Crds.Schema;

namespace Oz.Crds.Generation;

/// <summary>
/// Collects <see cref="PrinterColumnAttribute"/>s from a resource class and the properties reachable
/// from it through objects (not lists), deriving each column's JSON path and type from the property.
/// </summary>
internal static class PrinterColumns
{
    public static IEnumerable<V1CustomResourceColumnDefinition> For(Type resourceType)
    {
        var onClass = resourceType.GetCustomAttributes<PrinterColumnAttribute>().Select(column => (Column: column,
            Path: column.JsonPath ?? throw new InvalidOperationException($"[PrinterColumn(\"{column.Name}\")] on {resourceType.Name} needs a JsonPath."),
            Type: column.Type ?? throw new InvalidOperationException($"[PrinterColumn(\"{column.Name}\")] on {resourceType.Name} needs a Type.")));
        var onProperties = FromProperties(resourceType, path: "", depth: 0);

        return onClass.Concat(onProperties)
            .OrderBy(entry => entry.Column.Order)
            .ThenBy(entry => entry.Column.Name, StringComparer.Ordinal)
            .Select(entry => new V1CustomResourceColumnDefinition
            {
                Name = entry.Column.Name,
                JsonPath = entry.Path,
                Type = entry.Type,
                Priority = entry.Column.Priority == 0 ? null : entry.Column.Priority,
                Description = entry.Column.Description,
            });
    }

    private static IEnumerable<(PrinterColumnAttribute Column, string Path, string Type)> FromProperties(Type type, string path, int depth)
    {
        if (depth > 8 || OpenApiSchemaBuilder.IsKubernetesModel(type))
        {
            yield break; // Kubernetes models carry no columns; the depth bound ends cycles.
        }

        foreach (var property in OpenApiSchemaBuilder.SerializedProperties(type))
        {
            var propertyPath = $"{path}.{OpenApiSchemaBuilder.JsonName(property)}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            foreach (var column in property.GetCustomAttributes<PrinterColumnAttribute>())
            {
                yield return (column, column.JsonPath ?? propertyPath, column.Type ?? ColumnType(propertyType));
            }

            if (propertyType.IsClass && propertyType != typeof(string) && property.GetCustomAttribute<NoNestedPrinterColumnsAttribute>() is null)
            {
                foreach (var nested in FromProperties(propertyType, propertyPath, depth + 1))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string ColumnType(Type type) => type switch
    {
        _ when type == typeof(string) || type.IsEnum => "string",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) => "number",
        _ when type == typeof(bool) => "boolean",
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => "date",
        _ => throw new NotSupportedException($"No printer column type for {type}."),
    };
}
