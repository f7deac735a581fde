using Oz.Operator.Telemetry.Tracing;
using static Oz.Operator.Tests.Telemetry.TaskObjects;

namespace Oz.Operator.Tests.Telemetry;

[NonParallelizable]
public sealed class TracingTests
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private ActivityListener listener = null!;

    [SetUp]
    public void SetUp()
    {
        stopped.Clear();
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == OperatorTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    [TearDown]
    public void TearDown() => listener.Dispose();

    [Test]
    public async Task EachReconcileIsASpanWithTheTaskAttributesLinkedToTheOzMessageThatCreatedIt()
    {
        string messageSpan;
        var task = Task("build-1", AgentTaskPhase.Running, taskId: "task-42");
        using (var message = OperatorTracing.StartOzMessageActivity("task_assignment", "task-42"))
        {
            messageSpan = message!.SpanId.ToHexString();
            task.Metadata.Annotations = new Dictionary<string, string>();
            OperatorTracing.AnnotateTraceParent(task.Metadata.Annotations);
        }

        var cache = new ObjectCache<AgentTask>();
        cache.Upsert(task);
        var reconciler = new TracedTaskReconciler(new Fixed(ReconcileResult.Done), cache, NullLogger.Instance);

        await reconciler.ReconcileAsync(ObjectKey.Of(task), CancellationToken.None);

        var span = stopped.Single(a => a.DisplayName == "reconcile agenttask");
        Assert.Multiple(() =>
        {
            Assert.That(span.GetTagItem(OperatorTracing.TaskIdAttribute), Is.EqualTo("task-42"));
            Assert.That(span.GetTagItem(OperatorTracing.NamespaceAttribute), Is.EqualTo("default"));
            Assert.That(span.GetTagItem(OperatorTracing.AgentTaskAttribute), Is.EqualTo("build-1"));
            Assert.That(span.GetTagItem(OperatorTracing.OutcomeAttribute), Is.EqualTo("done"));
            Assert.That(span.Links.Select(l => l.Context.SpanId.ToHexString()), Is.EqualTo(new[] { messageSpan }));
            Assert.That(stopped.Single(a => a.DisplayName == "oz task_assignment").GetTagItem(OperatorTracing.TaskIdAttribute), Is.EqualTo("task-42"));
        });
    }

    private static readonly string[] MalformedTraceParents =
    [
        "",
        "not a traceparent",
        "00-4bf92f3577b34da6a3ce929d0e0e4736",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "zz-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra-" + new string('x', 4096),
    ];

    [TestCaseSource(nameof(MalformedTraceParents))]
    public async Task AMalformedTraceParentAnnotationCostsTheLinkButNotTheReconcile(string annotation)
    {
        var task = Task("hand-edited", AgentTaskPhase.Running, taskId: "task-7");
        task.Metadata.Annotations = new Dictionary<string, string> { [OperatorTracing.TraceParentAnnotation] = annotation };
        var cache = new ObjectCache<AgentTask>();
        cache.Upsert(task);
        var reconciler = new TracedTaskReconciler(new Fixed(ReconcileResult.Done), cache, NullLogger.Instance);

        var result = await reconciler.ReconcileAsync(ObjectKey.Of(task), CancellationToken.None);

        var span = stopped.Single(a => a.DisplayName == "reconcile agenttask");
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(ReconcileResult.Done));
            Assert.That(span.Links, Is.Empty);
            Assert.That(span.GetTagItem(OperatorTracing.TaskIdAttribute), Is.EqualTo("task-7"));
        });
    }

    [Test]
    public async Task TheLinkSurvivesARestartBecauseItIsReadFromTheAgentTask()
    {
        // What a new process (or the other replica) sees: only the stored annotation, no live span.
        const string stored = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var task = Task("from-oz", AgentTaskPhase.Running, taskId: "task-8");
        task.Metadata.Annotations = new Dictionary<string, string> { [OperatorTracing.TraceParentAnnotation] = stored };
        var cache = new ObjectCache<AgentTask>();
        cache.Upsert(task);

        await new TracedTaskReconciler(new Fixed(ReconcileResult.Done), cache, NullLogger.Instance).ReconcileAsync(ObjectKey.Of(task), CancellationToken.None);

        var link = stopped.Single(a => a.DisplayName == "reconcile agenttask").Links.Single().Context;
        Assert.Multiple(() =>
        {
            Assert.That(link.TraceId.ToHexString(), Is.EqualTo("4bf92f3577b34da6a3ce929d0e0e4736"));
            Assert.That(link.SpanId.ToHexString(), Is.EqualTo("00f067aa0ba902b7"));
        });
    }

    [Test]
    public void AReconcileThatThrowsEndsItsSpanWithErrorStatus()
    {
        var reconciler = new TracedTaskReconciler(new Throwing(), new ObjectCache<AgentTask>(), NullLogger.Instance);

        Assert.ThrowsAsync<InvalidOperationException>(() => reconciler.ReconcileAsync(new ObjectKey("default", "gone"), CancellationToken.None));

        var span = stopped.Single();
        Assert.Multiple(() =>
        {
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(span.GetTagItem(OperatorTracing.OutcomeAttribute), Is.EqualTo("error"));
        });
    }

    private sealed class Fixed(ReconcileResult result) : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) => System.Threading.Tasks.Task.FromResult(result);
    }

    private sealed class Throwing : IReconciler
    {
        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) => throw new InvalidOperationException("conflict");
    }
}
