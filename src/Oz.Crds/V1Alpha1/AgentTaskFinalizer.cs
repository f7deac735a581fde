namespace Oz.Crds.V1Alpha1;

/// <summary>The finalizer the operator puts on every AgentTask it runs.</summary>
public static class AgentTaskFinalizer
{
    /// <summary>Held until the task's Job is gone, so deleting an AgentTask always deletes its Job first.</summary>
    /// <remarks>
    /// It costs one write per task, and is kept on purpose: the Job's ownerReference makes the
    /// garbage collector delete the Job on a Background or Foreground deletion, but not on an
    /// orphaning one (the Job would run on unwatched), and without it a deleted task vanishes with
    /// no Cancelled status, Event or report to Oz. It cannot ride on a status write (status is a
    /// subresource; a status patch ignores metadata), so it is sent in parallel with the Job create
    /// instead.
    /// </remarks>
    public const string JobCleanup = "oz.warp.dev/job-cleanup";
}
