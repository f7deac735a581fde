namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Why an informer opened a new watch stream.</summary>
public enum WatchRestartReason
{
    /// <summary>The server ended the stream (timeout, rotation): resumed from the last resourceVersion.</summary>
    StreamEnded,

    /// <summary>410 Gone: the resourceVersion was compacted away; the informer relists.</summary>
    Expired,

    /// <summary>An event did not decode: skipped (counted, one Warning naming the object), then relisted or resumed after it.</summary>
    UndecodableEvent,

    /// <summary>Any other failure: retried after a backoff.</summary>
    Error,
}
