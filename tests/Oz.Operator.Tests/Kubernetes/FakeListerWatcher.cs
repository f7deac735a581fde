using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>
/// A scripted API for informer tests: lists answer from <see cref="ListResponder"/>; each watch
/// opens a <see cref="FakeWatchStream{T}"/> the test drives (send events, end, fail).
/// </summary>
internal sealed class FakeListerWatcher<T> : IListerWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Channel<FakeWatchStream<T>> opened = Channel.CreateUnbounded<FakeWatchStream<T>>();
    private int lists;

    public FakeListerWatcher(Func<int, Task<ListResult<T>>> listResponder)
    {
        ListResponder = listResponder;
    }

    public FakeListerWatcher(params T[] items)
        : this(_ => Task.FromResult(new ListResult<T>(items, "10")))
    {
    }

    /// <summary>Answers list call number n (1-based).</summary>
    public Func<int, Task<ListResult<T>>> ListResponder { get; set; }

    public int Lists => Volatile.Read(ref lists);

    public ConcurrentQueue<(WatchRequest Request, DateTimeOffset At)> Watches { get; } = new();

    public Task<ListResult<T>> ListAsync(string? labelSelector, CancellationToken cancellationToken) =>
        ListResponder(Interlocked.Increment(ref lists));

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        WatchRequest request,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = new FakeWatchStream<T>(request);
        Watches.Enqueue((request, DateTimeOffset.UtcNow));
        await opened.Writer.WriteAsync(stream, cancellationToken);
        await foreach (var item in stream.Events.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>The next watch the informer opens.</summary>
    public async Task<FakeWatchStream<T>> NextWatchAsync() =>
        await Eventually.Within(opened.Reader.ReadAsync().AsTask(), "the informer to open a watch");
}

internal sealed class FakeWatchStream<T>(WatchRequest request)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Channel<(WatchEventType, T)> events = Channel.CreateUnbounded<(WatchEventType, T)>();

    public WatchRequest Request { get; } = request;

    public ChannelReader<(WatchEventType, T)> Events => events.Reader;

    public void Send(WatchEventType type, T obj) => events.Writer.TryWrite((type, obj));

    public void End() => events.Writer.TryComplete();

    public void Fail(Exception exception) => events.Writer.TryComplete(exception);
}
