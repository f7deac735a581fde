using k8s.Models;

namespace Oz.Crds.Generation;

/// <summary>Generates the AgentTask CustomResourceDefinition from the C# types and their attributes.</summary>
public static class CrdGenerator
{
    public static V1CustomResourceDefinition Generate() =>
        throw new NotImplementedException("CRD generation is being written (issue 2).");

    /// <summary>The CRD as the YAML document stored in config/crd.</summary>
    public static string GenerateYaml() =>
        throw new NotImplementedException("CRD generation is being written (issue 2).");
}
