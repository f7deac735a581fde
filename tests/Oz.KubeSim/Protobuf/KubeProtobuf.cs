using System.Text;

namespace Oz.KubeSim.Protobuf;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> request bodies. kubectl's typed clients send
/// them for built-in kinds (<c>kubectl create secret|configmap|namespace|serviceaccount|token</c>,
/// <c>kubectl auth can-i</c>): a
/// <c>k8s\0</c> magic, then a runtime.Unknown whose raw bytes are the object's message. Only those
/// kinds are decoded; any other kind is answered 415, naming the kinds that are.
/// </summary>
public static class KubeProtobuf
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    private static readonly ProtoMessage OwnerReference = new(
        "OwnerReference",
        new(1, "kind", ProtoFieldKind.String),
        new(3, "name", ProtoFieldKind.String),
        new(4, "uid", ProtoFieldKind.String),
        new(5, "apiVersion", ProtoFieldKind.String),
        new(6, "controller", ProtoFieldKind.Bool),
        new(7, "blockOwnerDeletion", ProtoFieldKind.Bool));

    private static readonly ProtoMessage ObjectMeta = new(
        "ObjectMeta",
        new(1, "name", ProtoFieldKind.String),
        new(2, "generateName", ProtoFieldKind.String),
        new(3, "namespace", ProtoFieldKind.String),
        new(5, "uid", ProtoFieldKind.String),
        new(6, "resourceVersion", ProtoFieldKind.String),
        new(7, "generation", ProtoFieldKind.Integer),
        new(8, "creationTimestamp", ProtoFieldKind.Time),
        new(9, "deletionTimestamp", ProtoFieldKind.Time),
        new(10, "deletionGracePeriodSeconds", ProtoFieldKind.Integer),
        new(11, "labels", ProtoFieldKind.StringMap),
        new(12, "annotations", ProtoFieldKind.StringMap),
        new(13, "ownerReferences", ProtoFieldKind.MessageList, OwnerReference),
        new(14, "finalizers", ProtoFieldKind.StringList));

    private static readonly ProtoMessage ObjectReference = new(
        "ObjectReference",
        new(1, "kind", ProtoFieldKind.String),
        new(2, "namespace", ProtoFieldKind.String),
        new(3, "name", ProtoFieldKind.String),
        new(4, "uid", ProtoFieldKind.String),
        new(5, "apiVersion", ProtoFieldKind.String),
        new(6, "resourceVersion", ProtoFieldKind.String),
        new(7, "fieldPath", ProtoFieldKind.String));

    private static readonly ProtoMessage LocalObjectReference = new("LocalObjectReference", new ProtoField(1, "name", ProtoFieldKind.String));

    private static readonly ProtoMessage ResourceAttributes = new(
        "ResourceAttributes",
        new(1, "namespace", ProtoFieldKind.String),
        new(2, "verb", ProtoFieldKind.String),
        new(3, "group", ProtoFieldKind.String),
        new(4, "version", ProtoFieldKind.String),
        new(5, "resource", ProtoFieldKind.String),
        new(6, "subresource", ProtoFieldKind.String),
        new(7, "name", ProtoFieldKind.String));

    private static readonly ProtoMessage NonResourceAttributes = new(
        "NonResourceAttributes",
        new(1, "path", ProtoFieldKind.String),
        new(2, "verb", ProtoFieldKind.String));

    private static readonly Dictionary<(string ApiVersion, string Kind), ProtoMessage> Kinds = new()
    {
        // kubectl auth can-i VERB RESOURCE|/path, and can-i --list.
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = new(
            "SelfSubjectAccessReview",
            new(1, "metadata", ProtoFieldKind.Message, ObjectMeta),
            new(2, "spec", ProtoFieldKind.Message, new ProtoMessage(
                "SelfSubjectAccessReviewSpec",
                new ProtoField(1, "resourceAttributes", ProtoFieldKind.Message, ResourceAttributes),
                new ProtoField(2, "nonResourceAttributes", ProtoFieldKind.Message, NonResourceAttributes)))),
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = new(
            "SelfSubjectRulesReview",
            new(1, "metadata", ProtoFieldKind.Message, ObjectMeta),
            new(2, "spec", ProtoFieldKind.Message, new ProtoMessage("SelfSubjectRulesReviewSpec", new ProtoField(1, "namespace", ProtoFieldKind.String)))),
        [("v1", "Secret")] = new(
            "Secret",
            new(1, "metadata", ProtoFieldKind.Message, ObjectMeta),
            new(2, "data", ProtoFieldKind.BytesMap),
            new(3, "type", ProtoFieldKind.String),
            new(4, "stringData", ProtoFieldKind.StringMap),
            new(5, "immutable", ProtoFieldKind.Bool)),
        [("v1", "ConfigMap")] = new(
            "ConfigMap",
            new(1, "metadata", ProtoFieldKind.Message, ObjectMeta),
            new(2, "data", ProtoFieldKind.StringMap),
            new(3, "binaryData", ProtoFieldKind.BytesMap),
            new(4, "immutable", ProtoFieldKind.Bool)),
        [("v1", "Namespace")] = new(
            "Namespace",
            new(1, "metadata", ProtoFieldKind.Message, ObjectMeta),
            new(2, "spec", ProtoFieldKind.Message, new ProtoMessage("NamespaceSpec", new ProtoField(1, "finalizers", ProtoFieldKind.StringList)))),
        // kubectl create token SA [--duration D] [--audience A] [--bound-object-kind K …].
        [("authentication.k8s.io/v1", "TokenRequest")] = new(
            "TokenRequest",
            new(1, "metadata", ProtoFieldKind.Message, ObjectMeta),
            new(2, "spec", ProtoFieldKind.Message, new ProtoMessage(
                "TokenRequestSpec",
                new ProtoField(1, "audiences", ProtoFieldKind.StringList),
                new ProtoField(3, "boundObjectRef", ProtoFieldKind.Message, new ProtoMessage(
                    "BoundObjectReference",
                    new ProtoField(1, "kind", ProtoFieldKind.String),
                    new ProtoField(2, "apiVersion", ProtoFieldKind.String),
                    new ProtoField(3, "name", ProtoFieldKind.String),
                    new ProtoField(4, "uid", ProtoFieldKind.String))),
                new ProtoField(4, "expirationSeconds", ProtoFieldKind.Integer)))),
        [("v1", "ServiceAccount")] = new(
            "ServiceAccount",
            new(1, "metadata", ProtoFieldKind.Message, ObjectMeta),
            new(2, "secrets", ProtoFieldKind.MessageList, ObjectReference),
            new(3, "imagePullSecrets", ProtoFieldKind.MessageList, LocalObjectReference),
            new(4, "automountServiceAccountToken", ProtoFieldKind.Bool)),
    };

    private static readonly ProtoMessage TypeMeta = new(
        "TypeMeta",
        new(1, "apiVersion", ProtoFieldKind.String),
        new(2, "kind", ProtoFieldKind.String));

    /// <summary>Whether a Content-Type header names the Kubernetes protobuf encoding.</summary>
    public static bool IsProtobuf(string? contentType) =>
        contentType is not null && contentType.StartsWith(ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The object a protobuf body carries, as JSON; 400 for a malformed body, 415 for a kind not decoded here.</summary>
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        try
        {
            if (body.Length < Magic.Length || !body.Span[..Magic.Length].SequenceEqual(Magic))
            {
                throw StatusObjects.BadRequest("the body of the request is not a Kubernetes protobuf object: missing the k8s\\0 prefix");
            }

            var reader = new ProtoReader(body[Magic.Length..]);
            JsonObject typeMeta = [];
            ReadOnlyMemory<byte> raw = default;
            while (!reader.AtEnd)
            {
                var (number, wireType) = reader.ReadTag();
                if (number == 1 && wireType == 2)
                {
                    typeMeta = TypeMeta.Decode(reader.ReadLengthDelimited());
                }
                else if (number == 2 && wireType == 2)
                {
                    raw = reader.ReadLengthDelimited();
                }
                else
                {
                    reader.Skip(wireType);
                }
            }

            var apiVersion = typeMeta["apiVersion"]?.GetValue<string>() ?? "";
            var kind = typeMeta["kind"]?.GetValue<string>() ?? "";
            if (!Kinds.TryGetValue((apiVersion, kind), out var message))
            {
                throw new ApiException(415, "UnsupportedMediaType", $"kubesim decodes protobuf bodies only for {Supported()}; send {apiVersion} {kind} as JSON or YAML (kubectl apply -f)");
            }

            var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
            foreach (var (name, value) in message.Decode(raw).ToList())
            {
                obj[name] = value?.DeepClone();
            }

            return obj;
        }
        catch (FormatException e)
        {
            throw StatusObjects.BadRequest($"the body of the request could not be decoded: {e.Message}");
        }
    }

    private static string Supported()
    {
        var text = new StringBuilder();
        foreach (var (apiVersion, kind) in Kinds.Keys.Order())
        {
            text.Append(text.Length == 0 ? "" : ", ").Append(apiVersion).Append(' ').Append(kind);
        }

        return text.ToString();
    }
}
