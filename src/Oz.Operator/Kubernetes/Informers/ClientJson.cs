using System.Text.Json;
using k8s;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>The client's own JSON options (its converters for dates, quantities and int-or-string).</summary>
public static class ClientJson
{
    /// <summary>
    /// The options <see cref="KubernetesJson"/> decodes with, so objects decoded here read exactly as
    /// the client's typed calls read them. The client exposes them only to its configure callback,
    /// which it calls at once with its static options.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = Capture();

    private static JsonSerializerOptions Capture()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson did not hand over its JSON options");
    }
}
