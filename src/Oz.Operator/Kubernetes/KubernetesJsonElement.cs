using System.Text.Json;
using k8s;

namespace Oz.Operator.Kubernetes;

/// <summary>
/// Decodes a <see cref="JsonElement"/> the client handed over (a watch event's object, an untyped
/// custom-object answer) into a model with the client's own JSON options, straight from the
/// element's UTF-8 bytes.
/// </summary>
/// <remarks>
/// <c>KubernetesJson.Deserialize&lt;T&gt;(element.GetRawText())</c> copies the object into a UTF-16
/// string and transcodes it back to UTF-8 before parsing: every watch event of every task, Job and
/// pod went through that (a sixth of the allocations of a burst, see docs/performance.md).
/// </remarks>
public static class KubernetesJsonElement
{
    private static readonly JsonSerializerOptions Options = ClientOptions();

    /// <exception cref="JsonException">The element does not fit <typeparamref name="T"/>.</exception>
    public static T? Deserialize<T>(JsonElement element) => element.Deserialize<T>(Options);

    // KubernetesJson keeps its options private; AddJsonOptions hands them to a callback at once.
    private static JsonSerializerOptions ClientOptions()
    {
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options ?? throw new InvalidOperationException("KubernetesJson did not hand over its JSON options.");
    }
}
