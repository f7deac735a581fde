using Oz.Operator.Telemetry.Tracing;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>Records every finished span of the operator's ActivitySource (all sampled) while it lives.</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> stopped = new();
    private readonly ActivityListener listener;

    public SpanRecorder()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == OperatorTracing.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IReadOnlyList<Activity> Spans => [.. stopped];

    /// <summary>Finished spans named <paramref name="name"/> whose <c>oz.task_id</c> is <paramref name="taskId"/>.</summary>
    public IReadOnlyList<Activity> Of(string name, string taskId) =>
        [.. stopped.Where(a => a.DisplayName == name && Equals(a.GetTagItem(OperatorTracing.TaskIdAttribute), taskId))];

    public void Dispose() => listener.Dispose();
}
