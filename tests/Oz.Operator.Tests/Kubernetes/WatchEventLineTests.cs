using System.Buffers;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>One watch stream line decoded from UTF-8: event types, ERROR Status, and lines that are not events.</summary>
public sealed class WatchEventLineTests
{
    [TestCase("ADDED", WatchEventType.Added)]
    [TestCase("MODIFIED", WatchEventType.Modified)]
    [TestCase("DELETED", WatchEventType.Deleted)]
    [TestCase("BOOKMARK", WatchEventType.Bookmark)]
    public void EachEventTypeDecodesWithItsObject(string type, WatchEventType expected)
    {
        var (decoded, pod) = Decode<V1Pod>("""{"type":"TYPE","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"n","resourceVersion":"5"}}}""".Replace("TYPE", type, StringComparison.Ordinal));

        Assert.That((decoded, pod.Metadata.Name, pod.Metadata.ResourceVersion), Is.EqualTo((expected, "p", "5")));
    }

    [Test]
    public void TheObjectDecodesWithTheClientsConvertersAndUnknownFieldsAreIgnored()
    {
        var (_, task) = Decode<AgentTask>("""{"type":"MODIFIED","extra":[1,{"a":2}],"object":{"kind":"AgentTask","apiVersion":"oz.warp.dev/v1alpha1","metadata":{"name":"t","creationTimestamp":"2026-12-06T22:00:00Z","labels":{"k":"v"}},"spec":{"title":"hi"},"unknown":true}}""");

        Assert.That(task.Metadata.CreationTimestamp, Is.EqualTo(new DateTime(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc)));
        Assert.That((task.Spec.Title, task.Metadata.Labels["k"]), Is.EqualTo(("hi", "v")));
    }

    [Test]
    public void TheObjectMayComeBeforeTheType()
    {
        var (type, pod) = Decode<V1Pod>("""{"object":{"metadata":{"name":"p"}},"type":"DELETED"}""");

        Assert.That((type, pod.Metadata.Name), Is.EqualTo((WatchEventType.Deleted, "p")));
    }

    [Test]
    public void AnErrorEventIsTheKubernetesExceptionWithItsStatusEvenWhenItsObjectComesFirst()
    {
        foreach (var line in new[]
        {
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410}}""",
            """{"object":{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410},"type":"ERROR"}""",
        })
        {
            var error = Assert.Throws<KubernetesException>(() => Decode<V1Pod>(line));

            Assert.That((error!.Status?.Code, WatchErrors.IsGone(error)), Is.EqualTo(((int?)410, true)), line);
        }
    }

    [TestCase("not json at all")]
    [TestCase("[1,2]")]
    [TestCase("""{"type":"ADDED","object":{"metadata":{"name":"p"}""")]
    [TestCase("""{"type":"RENAMED","object":{"metadata":{"name":"p"}}}""")]
    [TestCase("""{"type":7,"object":{"metadata":{"name":"p"}}}""")]
    [TestCase("""{"object":{"metadata":{"name":"p"}}}""")]
    [TestCase("""{"type":"ADDED"}""")]
    [TestCase("""{"type":"ADDED","object":null}""")]
    public void ALineThatIsNotAWatchEventIsUndecodableNamingNoObject(string line)
    {
        var error = Assert.Throws<UndecodableWatchEventException>(() => Decode<V1Pod>(line));

        Assert.That((error!.Name, error.ResourceVersion), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public void AnObjectThatDoesNotFitTheModelIsUndecodableNamingTheObject()
    {
        var error = Assert.Throws<UndecodableWatchEventException>(() => Decode<V1Pod>(
            """{"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"bad","namespace":"n","resourceVersion":"44","labels":"x"}}}"""));

        Assert.That((error!.Kind, error.ObjectName, error.ResourceVersion), Is.EqualTo(("Pod", "n/bad", "44")));
    }

    [Test]
    public void ALineInSeveralBufferSegmentsDecodesAsOne()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"ADDED","object":{"metadata":{"name":"split","resourceVersion":"9"}}}""");
        var first = new Segment(bytes.AsMemory(0, 17));
        var last = first.Append(bytes.AsMemory(17));

        var (_, pod) = WatchEventLine.Decode<V1Pod>(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), ClientJson.Options);

        Assert.That((pod.Metadata.Name, pod.Metadata.ResourceVersion), Is.EqualTo(("split", "9")));
    }

    [Test]
    public void AnUndecodableLineInSeveralBufferSegmentsStillNamesItsObject()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"type":"MODIFIED","object":{"kind":"Pod","metadata":{"name":"bad","namespace":"n","resourceVersion":"44","labels":"x"}}}""");
        var first = new Segment(bytes.AsMemory(0, 40));
        var last = first.Append(bytes.AsMemory(40));

        var error = Assert.Throws<UndecodableWatchEventException>(() => WatchEventLine.Decode<V1Pod>(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), ClientJson.Options));

        Assert.That((error!.Kind, error.ObjectName, error.ResourceVersion), Is.EqualTo(("Pod", "n/bad", "44")));
    }

    private static (WatchEventType Type, T Object) Decode<T>(string line)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        WatchEventLine.Decode<T>(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), ClientJson.Options);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
