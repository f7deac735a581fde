
namespace Oz.Chart.Tests.Support;

/// <summary>The objects of one `helm template` run, parsed strictly.</summary>
internal sealed class RenderedChart(IReadOnlyList<object> objects)
{
    public IReadOnlyList<object> Objects { get; } = objects;

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Single<T>() => All<T>().Single();

    public T Single<T>(string name)
        where T : IMetadata<V1ObjectMeta> => All<T>().Single(o => o.Metadata.Name == name);

    public V1Deployment Deployment => Single<V1Deployment>();

    /// <summary>The ConfigMap holding the operator's config.yaml (the dashboard has its own).</summary>
    public V1ConfigMap ConfigMap => All<V1ConfigMap>().Single(c => c.Data?.ContainsKey("config.yaml") == true);

    /// <summary>The `helm test` preflight pod.</summary>
    public V1Pod TestPod => Single<V1Pod>();

    public IEnumerable<string> Kinds => Objects.Cast<IKubernetesObject>().Select(o => o.Kind);
}
