namespace Oz.Operator.Kubernetes.Informers;

/// <summary>What controllers and health checks need to know of an informer, whatever its type.</summary>
public interface IInformer
{
    string Name { get; }

    /// <summary>True once the first list has been stored and handed to the handlers.</summary>
    bool HasSynced { get; }

    /// <summary>Since when list or watch has been failing without a success in between; null when healthy.</summary>
    DateTimeOffset? FailingSince { get; }

    /// <summary>Restarts of the watch stream, whatever the reason (for metrics).</summary>
    long WatchRestarts { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
