using System.Reflection;
using k8s.Models;
using Oz.Crds.Schema;
using Oz.Crds.V1Alpha1;

namespace Oz.Crds.Generation;

/// <summary>Generates the operator's CustomResourceDefinitions from the C# types and their attributes.</summary>
public static class CrdGenerator
{
    /// <summary>The operator's resource types, in the order their CRDs are printed.</summary>
    public static IReadOnlyList<Type> ResourceTypes { get; } = [typeof(AgentTask), typeof(AgentTaskSchedule)];

    /// <summary>The AgentTask CRD (apiextensions.k8s.io/v1).</summary>
    public static V1CustomResourceDefinition Generate() => Generate(typeof(AgentTask));

    /// <summary>The AgentTask CRD as the YAML document stored in config/crd.</summary>
    public static string GenerateYaml() => GenerateYaml(typeof(AgentTask));

    /// <summary>The CRD of <paramref name="resourceType"/> as the YAML document stored in config/crd.</summary>
    public static string GenerateYaml(Type resourceType) => DeterministicYaml.Serialize(Generate(resourceType));

    /// <summary>Every CRD of the operator as one multi-document YAML stream (what `oz-operator crd` prints).</summary>
    public static string GenerateAllYaml() => string.Join("---\n", ResourceTypes.Select(GenerateYaml));

    /// <summary>The file name of a CRD in config/crd, as controller-gen names it: group_plural.yaml.</summary>
    public static string FileName(Type resourceType)
    {
        var resource = resourceType.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new ArgumentException($"{resourceType.Name} has no [CustomResource].", nameof(resourceType));
        return $"{resource.Group}_{resource.Plural}.yaml";
    }

    /// <summary>The CRD of any resource type marked with <see cref="CustomResourceAttribute"/>.</summary>
    public static V1CustomResourceDefinition Generate(Type resourceType)
    {
        var resource = resourceType.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new ArgumentException($"{resourceType.Name} has no [CustomResource].", nameof(resourceType));

        var version = new V1CustomResourceDefinitionVersion
        {
            Name = resource.Version,
            Served = true,
            Storage = true,
            Schema = new V1CustomResourceValidation { OpenAPIV3Schema = OpenApiSchemaBuilder.ForRoot(resourceType) },
            AdditionalPrinterColumns = [.. PrinterColumns.For(resourceType)],
            Subresources = resource.StatusSubresource
                ? new V1CustomResourceSubresources { Status = new object() }
                : null,
        };

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = $"{resource.Plural}.{resource.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = resource.Group,
                Scope = resource.Namespaced ? "Namespaced" : "Cluster",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = resource.Kind,
                    ListKind = resource.Kind + "List",
                    Plural = resource.Plural,
                    Singular = resource.Singular ?? resource.Kind.ToLowerInvariant(),
                    ShortNames = resource.ShortNames.Length > 0 ? [.. resource.ShortNames] : null,
                    Categories = resource.Categories.Length > 0 ? [.. resource.Categories] : null,
                },
                Versions = [version],
            },
        };
    }
}
