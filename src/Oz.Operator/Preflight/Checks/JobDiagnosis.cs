namespace Oz.Operator.Preflight.Checks;

/// <summary>
/// What the preflight Job's state says. <see cref="Final"/> ends the wait at once; otherwise it is a
/// cause that may still clear up (unschedulable while a node scales up, a mount being retried) and
/// is reported only if the Job then times out.
/// </summary>
public sealed record JobDiagnosis(string Reason, string Detail, bool Final)
{
    public const string Succeeded = "Succeeded";
    public const string ImagePull = "ImagePull";
    public const string InvalidImage = "InvalidImage";
    public const string Unschedulable = "Unschedulable";
    public const string FailedCreate = "FailedCreate";
    public const string FailedMount = "FailedMount";
    public const string ContainerCreate = "ContainerCreate";
    public const string ContainerExit = "ContainerExit";
    public const string Evicted = "Evicted";
    public const string JobFailed = "JobFailed";
    public const string Timeout = "Timeout";
    public const string AdmissionDenied = "AdmissionDenied";

    /// <summary>The API server did not act on a request (persistent 5xx/429, 401, 404, no answer): not a policy verdict.</summary>
    public const string RequestFailed = "RequestFailed";

    /// <summary>A watch of the Job, its pod or Events failed in a way reopening it does not mend (its events do not decode).</summary>
    public const string WatchFailed = "WatchFailed";

    public bool IsSuccess => Reason == Succeeded;
}
