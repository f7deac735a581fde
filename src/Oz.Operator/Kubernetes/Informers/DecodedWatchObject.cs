using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// A watch event's object as the client hands it over: decoded into <typeparamref name="T"/> in the
/// client's own pass over the event line, or, when it does not fit, the error naming the object.
/// </summary>
/// <remarks>
/// Asking the client for a <see cref="JsonElement"/> made it build and clone a JSON document per
/// event, which was then decoded a second time into the model; decoding in the client's pass saves
/// the document, its copy and the second pass for every task, Job and pod change (see
/// docs/performance.md). The object stays readable for the error: the converter rewinds its reader
/// and parses the object once more only when decoding failed.
/// </remarks>
[JsonConverter(typeof(DecodedWatchObjectConverterFactory))]
public sealed class DecodedWatchObject<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    internal DecodedWatchObject(T? value, UndecodableWatchEventException? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The decoded object; null when <see cref="Error"/> is set.</summary>
    public T? Value { get; }

    /// <summary>Why the object did not decode, naming what of it could be read.</summary>
    public UndecodableWatchEventException? Error { get; }

    /// <summary>The object, or the error.</summary>
    /// <exception cref="UndecodableWatchEventException">The object did not decode.</exception>
    public T Object => Value ?? throw Error!;
}
