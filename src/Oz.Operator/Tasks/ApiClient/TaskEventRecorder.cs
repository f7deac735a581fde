using k8s;
using k8s.Models;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Tasks.ApiClient;

/// <summary>
/// Sends the operator's Events (on AgentTasks and AgentTaskSchedules) off the reconcile's critical path, like client-go's EventRecorder
/// (whose broadcaster also queues Events and writes them from a goroutine): a reconcile records
/// an Event and goes on, a few senders write the queue to the API server.
/// </summary>
/// <remarks>
/// An Event is a courtesy, not state (the status is the record of truth, written before the Event
/// is queued), so it never holds up a task. It is still never lost silently: a failed write and a
/// queue already full (<see cref="Capacity"/>, a sign of an API server that does not keep up) are
/// logged and counted in <see cref="Dropped"/>. Events queued when the process stops are not sent.
/// Each Event carries the token of the reconcile that recorded it (the leadership term's): once the
/// term ends, its queued Events are dropped and a write in flight is cancelled, so a replica that
/// lost the Lease writes no Event after its term.
/// </remarks>
public sealed class TaskEventRecorder(ITaskClusterClient client, ILogger logger, int senders = TaskEventRecorder.DefaultSenders, int capacity = TaskEventRecorder.DefaultCapacity)
{
    /// <summary>Event writes in flight at once.</summary>
    public const int DefaultSenders = 4;

    /// <summary>Events waiting to be written before new ones are dropped (with a warning).</summary>
    public const int DefaultCapacity = 10_000;

    private readonly object gate = new();
    private readonly Queue<(IKubernetesObject<V1ObjectMeta> Regarding, TaskEvent Event, CancellationToken Term)> queue = new();
    private int active;
    private long dropped;
    private TaskCompletionSource? idle;

    /// <summary>The queue's bound.</summary>
    public int Capacity => capacity;

    /// <summary>Events not written: the queue was full or the API server refused them.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>Queues an Event about <paramref name="regarding"/>; returns at once. Not written once <paramref name="term"/> is cancelled.</summary>
    public void Record(IKubernetesObject<V1ObjectMeta> regarding, TaskEvent taskEvent, CancellationToken term)
    {
        lock (gate)
        {
            if (queue.Count >= capacity)
            {
                Interlocked.Increment(ref dropped);
                logger.LogWarning("Event {Reason} for {Kind} {Object} dropped: {Capacity} Events are waiting to be written", taskEvent.Reason, regarding.Kind, ObjectKey.Of(regarding), capacity);
                return;
            }

            queue.Enqueue((regarding, taskEvent, term));
            if (active >= Math.Max(1, senders))
            {
                return;
            }

            active++;
        }

        _ = Task.Run(SendAsync);
    }

    /// <summary>Completes once every Event recorded so far has been written (or dropped).</summary>
    public Task WhenIdleAsync()
    {
        lock (gate)
        {
            if (active == 0 && queue.Count == 0)
            {
                return Task.CompletedTask;
            }

            idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return idle.Task;
        }
    }

    private async Task SendAsync()
    {
        while (true)
        {
            (IKubernetesObject<V1ObjectMeta> Regarding, TaskEvent Event, CancellationToken Term) next;
            lock (gate)
            {
                if (!queue.TryDequeue(out next))
                {
                    active--;
                    if (active == 0)
                    {
                        idle?.TrySetResult();
                        idle = null;
                    }

                    return;
                }
            }

            if (next.Term.IsCancellationRequested)
            {
                Interlocked.Increment(ref dropped);
                logger.LogDebug("Event {Reason} for {Kind} {Object} not written: the reconcile's term ended", next.Event.Reason, next.Regarding.Kind, ObjectKey.Of(next.Regarding));
                continue;
            }

            try
            {
                await client.EmitEventAsync(next.Regarding, next.Event, next.Term).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (next.Term.IsCancellationRequested)
            {
                Interlocked.Increment(ref dropped);
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref dropped);
                logger.LogWarning(e, "Could not record Event {Reason} for {Kind} {Object}", next.Event.Reason, next.Regarding.Kind, ObjectKey.Of(next.Regarding));
            }
        }
    }
}
