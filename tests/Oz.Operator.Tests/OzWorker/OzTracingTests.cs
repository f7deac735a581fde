using Oz.Operator.Telemetry.Tracing;
using Oz.Operator.Tests.Telemetry;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>The spans of Oz messages, recorded while the bridge talks to a fake Oz server.</summary>
[NonParallelizable]
public sealed class OzTracingTests
{
    private const string AssignmentSpan = "oz task_assignment";

    [Test]
    public async Task EachMessageFromOzIsAConsumerSpanWithItsTypeAndTaskId()
    {
        using var spans = new SpanRecorder();
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-span"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await session.SendJsonAsync(OzMessages.Cancellation("task-span"));
        await session.SendJsonAsync(OzMessages.Assignment("task-bad", change: d => d.Remove("task")));
        await session.ReceiveOfTypeAsync("task_rejected");
        await Eventually.Until(() => spans.Of("oz task_cancellation", "task-span").Count == 1, "the cancellation's span");
        await Eventually.Until(() => spans.Of(AssignmentSpan, "task-bad").Count == 1, "the malformed assignment's span");

        var assignment = spans.Of(AssignmentSpan, "task-span").Single();
        Assert.Multiple(() =>
        {
            Assert.That(assignment.Kind, Is.EqualTo(ActivityKind.Consumer));
            Assert.That(assignment.GetTagItem(OperatorTracing.MessageTypeAttribute), Is.EqualTo("task_assignment"));
            Assert.That(assignment.GetTagItem(OperatorTracing.AgentTaskAttribute), Is.EqualTo(harness.TaskOf("task-span")!.Metadata.Name));
            Assert.That(assignment.GetTagItem(OperatorTracing.NamespaceAttribute), Is.EqualTo(BridgeHarness.Namespace));
            Assert.That(spans.Of("oz task_cancellation", "task-span").Single().Kind, Is.EqualTo(ActivityKind.Consumer));
        });
    }

    [Test]
    public async Task HeartbeatsMakeNoSpans()
    {
        using var spans = new SpanRecorder();
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Envelope("heartbeat", null));
        await session.SendJsonAsync(OzMessages.Assignment("task-after-heartbeat"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await Eventually.Until(() => spans.Of(AssignmentSpan, "task-after-heartbeat").Count == 1, "the assignment's span");

        Assert.That(spans.Spans.Select(s => s.DisplayName), Has.None.EqualTo("oz heartbeat"));
    }

    [Test]
    public async Task TheAgentTaskMadeFromAnAssignmentCarriesTheAssignmentSpanAsItsTraceParent()
    {
        using var spans = new SpanRecorder();
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();

        await session.SendJsonAsync(OzMessages.Assignment("task-origin"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await Eventually.Until(() => spans.Of(AssignmentSpan, "task-origin").Count == 1, "the assignment's span");
        var first = harness.TaskOf("task-origin")!.Metadata.Annotations[OperatorTracing.TraceParentAnnotation];

        // The server re-sends an assignment until it sees the claim: the existing AgentTask keeps its origin.
        await session.SendJsonAsync(OzMessages.Assignment("task-origin"));
        await session.ReceiveOfTypeAsync("task_claimed");
        await Eventually.Until(() => spans.Of(AssignmentSpan, "task-origin").Count == 2, "the repeated assignment's span");

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(spans.Of(AssignmentSpan, "task-origin")[0].Id));
            Assert.That(harness.TaskOf("task-origin")!.Metadata.Annotations[OperatorTracing.TraceParentAnnotation], Is.EqualTo(first));
        });
    }

    [Test]
    public async Task AReportIsAProducerSpanLinkedToTheAssignmentSpan()
    {
        using var spans = new SpanRecorder();
        await using var harness = await BridgeHarness.StartAsync();
        var session = await harness.NextSessionAsync();
        await session.SendJsonAsync(OzMessages.Assignment("task-reported"));
        await session.ReceiveOfTypeAsync("task_claimed");

        harness.Cluster.SetStatus(ObjectKey.Of(harness.TaskOf("task-reported")!), AgentTaskPhase.Succeeded);
        await session.ReceiveOfTypeAsync("task_completed");
        await Eventually.Until(() => spans.Of("oz task_completed", "task-reported").Count == 1, "the report's span");

        var assignment = spans.Of(AssignmentSpan, "task-reported").Single();
        var report = spans.Of("oz task_completed", "task-reported").Single();
        Assert.Multiple(() =>
        {
            Assert.That(report.Kind, Is.EqualTo(ActivityKind.Producer));
            Assert.That(report.Links.Select(l => l.Context.SpanId), Is.EqualTo(new[] { assignment.SpanId }));
            Assert.That(report.Links.Single().Context.TraceId, Is.EqualTo(assignment.TraceId));
        });
    }
}
