
namespace Oz.Operator.Tests.Kubernetes;

/// <summary>The client's JSON options decoding a subset: only the named properties of the named models, never managedFields.</summary>
public sealed class ClientJsonSubsetTests
{
    private const string PodJson = """
        {"kind":"Pod","apiVersion":"v1",
         "metadata":{"name":"p","labels":{"a":"b"},"managedFields":[{"manager":"m","operation":"Update","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]},
         "spec":{"nodeName":"n1","containers":[{"name":"task","image":"agent:1","env":[{"name":"K","value":"V"}]}],"volumes":[{"name":"v","emptyDir":{}}]},
         "status":{"phase":"Running"}}
        """;

    [Test]
    public void WithoutManagedFieldsDecodesEverythingElse()
    {
        var pod = JsonSerializer.Deserialize<V1Pod>(PodJson, ClientJsonSubset.WithoutManagedFields)!;

        Assert.That(pod.Metadata.ManagedFields, Is.Null);
        Assert.That((pod.Metadata.Labels["a"], pod.Spec.Containers[0].Env[0].Value, pod.Spec.Volumes[0].Name, pod.Status.Phase), Is.EqualTo(("b", "V", "v", "Running")));
    }

    [Test]
    public void OfAKeptModelOnlyTheNamedPropertiesAreDecoded()
    {
        var options = ClientJsonSubset.Keeping(new Dictionary<Type, string[]> { [typeof(V1PodSpec)] = ["nodeName", "containers"], [typeof(V1Container)] = ["name"] });

        var pod = JsonSerializer.Deserialize<V1Pod>(PodJson, options)!;

        Assert.That((pod.Spec.NodeName, pod.Spec.Containers[0].Name), Is.EqualTo(("n1", "task")));
        Assert.That((pod.Spec.Volumes, pod.Spec.Containers[0].Image, pod.Spec.Containers[0].Env), Is.EqualTo(((IList<V1Volume>?)null, (string?)null, (IList<V1EnvVar>?)null)));
        Assert.That((pod.Metadata.Labels["a"], pod.Status.Phase, pod.Metadata.ManagedFields), Is.EqualTo(("b", "Running", (IList<V1ManagedFieldsEntry>?)null)));
    }

    [Test]
    public void TheClientsOwnOptionsAreLeftWhole()
    {
        _ = ClientJsonSubset.Keeping(new Dictionary<Type, string[]> { [typeof(V1PodSpec)] = ["nodeName"] });

        var pod = JsonSerializer.Deserialize<V1Pod>(PodJson, ClientJson.Options)!;

        Assert.That(pod.Metadata.ManagedFields, Has.Count.EqualTo(1));
        Assert.That(pod.Spec.Volumes, Has.Count.EqualTo(1));
    }
}
