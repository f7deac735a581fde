using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json.Serialization;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>
/// The native build trims KubernetesClient to what the operator's code and the generated JSON
/// metadata use, so a model the operator sends or reads without generated metadata keeps no
/// properties there and goes over the wire as <c>{}</c> — which no JIT test would notice. These
/// read the operator's compiled code for every KubernetesClient model it names (in a call, a
/// constructor or a property) and every typed watch it opens, and require the metadata for each.
/// </summary>
public sealed class KubernetesClientModelsInOperatorCodeTests
{
    private static readonly Assembly Client = typeof(V1Pod).Assembly;

    [Test]
    public void EveryKubernetesClientModelTheOperatorNamesHasGeneratedMetadata()
    {
        var (models, _) = ModelsNamedByTheOperator();
        var missing = models.Where(m => KubernetesModelsJsonContext.Default.GetTypeInfo(m) is null).Select(m => m.Name).Order(StringComparer.Ordinal).ToList();

        Assert.That(models, Has.Count.GreaterThan(20), "the scan found the models the operator uses");
        Assert.That(missing, Is.Empty, "add these to KubernetesModelsJsonContext");
    }

    [Test]
    public void EveryTypedWatchTheOperatorOpensHasItsEventEnvelopeInTheGeneratedMetadata()
    {
        var (_, watched) = ModelsNamedByTheOperator();
        // The client's typed watch reads each line as a generic object first, and as a Status when it is one.
        var missing = watched.Concat([typeof(KubernetesObject), typeof(V1Status)])
            .Select(m => typeof(Watcher<>.WatchEvent).MakeGenericType(m))
            .Where(envelope => KubernetesModelsJsonContext.Default.GetTypeInfo(envelope) is null)
            .Select(envelope => envelope.GetGenericArguments()[0].Name)
            .ToList();

        Assert.That(watched, Is.Not.Empty, "the scan found the preflight's typed watches");
        Assert.That(missing, Is.Empty, "add Watcher<T>.WatchEvent for these to KubernetesModelsJsonContext");
    }

    [Test]
    public void TheOperatorDecodesNoAnswerFromAStream()
    {
        // JsonSerializer.DeserializeAsync makes the native build compile an asynchronous reader for
        // every model the JSON metadata can produce: 4 MiB of binary and 9 MiB of resident memory.
        using var stream = File.OpenRead(typeof(KubernetesModelsJsonContext).Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new TypeNames(reader);
        var asyncDecodes = reader.MemberReferences
            .Select(reader.GetMemberReference)
            .Where(m => reader.GetString(m.Name) == nameof(JsonSerializer.DeserializeAsync) &&
                        m.Parent.Kind == HandleKind.TypeReference &&
                        names.GetTypeFromReference(reader, (TypeReferenceHandle)m.Parent, 0) == typeof(JsonSerializer).FullName)
            .ToList();

        Assert.That(asyncDecodes, Is.Empty);
    }

    /// <summary>Models with JSON fields named in the operator's member references, and the models of its typed watches.</summary>
    private static (IReadOnlySet<Type> Models, IReadOnlySet<Type> Watched) ModelsNamedByTheOperator()
    {
        using var stream = File.OpenRead(typeof(KubernetesModelsJsonContext).Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var names = new TypeNames(reader);
        var models = new HashSet<Type>();
        var watched = new HashSet<Type>();
        foreach (var handle in reader.MemberReferences)
        {
            var member = reader.GetMemberReference(handle);
            var mentioned = new List<string>();
            if (member.Parent.Kind == HandleKind.TypeReference)
            {
                mentioned.Add(names.GetTypeFromReference(reader, (TypeReferenceHandle)member.Parent, 0));
            }

            if (member.GetKind() == MemberReferenceKind.Method)
            {
                var signature = member.DecodeMethodSignature(names, null);
                mentioned.Add(signature.ReturnType);
                mentioned.AddRange(signature.ParameterTypes);
            }

            var found = mentioned.SelectMany(TypeNames.Parts).Select(Model).OfType<Type>().ToList();
            models.UnionWith(found);
            if (reader.GetString(member.Name).StartsWith("Watch", StringComparison.Ordinal) && names.IsFromClient(member.Parent))
            {
                watched.UnionWith(found);
            }
        }

        return (models, watched);
    }

    private static Type? Model(string fullName) =>
        fullName.StartsWith("k8s.Models.", StringComparison.Ordinal) && Client.GetType(fullName) is { } type &&
        type.GetProperties().Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null)
            ? type
            : null;

    /// <summary>
    /// Signature types as names: a generic instantiation is written "Outer[Arg1|Arg2]", which
    /// <see cref="Parts"/> takes apart again; only the names matter here, not the types.
    /// </summary>
    private sealed class TypeNames(MetadataReader reader) : ISignatureTypeProvider<string, object?>
    {
        public static IEnumerable<string> Parts(string name) =>
            name.Split(['[', ']', '|'], StringSplitOptions.RemoveEmptyEntries);

        public bool IsFromClient(EntityHandle parent) =>
            parent.Kind == HandleKind.TypeReference && Scope((TypeReferenceHandle)parent) == "KubernetesClient";

        public string GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeReference(handle);
            var name = metadata.GetString(type.Name);
            return type.ResolutionScope.Kind == HandleKind.TypeReference
                ? GetTypeFromReference(metadata, (TypeReferenceHandle)type.ResolutionScope, rawTypeKind) + "+" + name
                : $"{metadata.GetString(type.Namespace)}.{name}";
        }

        public string GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind)
        {
            var type = metadata.GetTypeDefinition(handle);
            return $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}";
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) =>
            $"{genericType}[{string.Join('|', typeArguments)}]";

        public string GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public string GetArrayType(string elementType, ArrayShape shape) => elementType;

        public string GetSZArrayType(string elementType) => elementType;

        public string GetByReferenceType(string elementType) => elementType;

        public string GetPointerType(string elementType) => elementType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();

        public string GetGenericMethodParameter(object? genericContext, int index) => "";

        public string GetGenericTypeParameter(object? genericContext, int index) => "";

        public string GetFunctionPointerType(MethodSignature<string> signature) => "";

        private string Scope(TypeReferenceHandle handle)
        {
            var scope = reader.GetTypeReference(handle).ResolutionScope;
            return scope.Kind switch
            {
                HandleKind.AssemblyReference => reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
                HandleKind.TypeReference => Scope((TypeReferenceHandle)scope),
                _ => "",
            };
        }
    }
}
