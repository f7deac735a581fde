namespace Oz.Operator.Tests.Kubernetes;

/// <summary>Small builders of Kubernetes objects for tests.</summary>
internal static class TestObjects
{
    public static V1Pod Pod(string name, string resourceVersion = "1", IDictionary<string, string>? labels = null, string ns = "default") =>
        new()
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ns,
                ResourceVersion = resourceVersion,
                Labels = labels,
            },
        };

    public static V1Pod OwnedPod(string name, string ownerKind, string ownerName, bool controller = true, string ns = "default")
    {
        var pod = Pod(name, ns: ns);
        pod.Metadata.OwnerReferences =
        [
            new V1OwnerReference { ApiVersion = "batch/v1", Kind = ownerKind, Name = ownerName, Uid = Guid.NewGuid().ToString(), Controller = controller },
        ];
        return pod;
    }

    public static V1Pod Bookmark(string resourceVersion) =>
        new() { Metadata = new V1ObjectMeta { ResourceVersion = resourceVersion } };
}
