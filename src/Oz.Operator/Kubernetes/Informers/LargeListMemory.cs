namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Hands the memory a large list needed back to the operating system once its objects are cached.
/// </summary>
/// <remarks>
/// Decoding thousands of objects page by page leaves the GC with tens of MiB of committed but free
/// heap (the pages' buffers and strings, objects promoted while the list was read) that it keeps for
/// reuse and an idle operator never reuses: with 10 000 tracked tasks the resident set stayed about
/// 50 MiB above what the live heap needed (docs/performance.md, "Change 5"). One compacting, decommitting
/// collection after a list of that size costs a pause of tens of milliseconds, once per start or relist.
/// </remarks>
public static class LargeListMemory
{
    /// <summary>Lists at least this long are followed by the collection; shorter ones leave little behind.</summary>
    public const int Threshold = 1000;

    public static void ReleaseAfter(int listedItems)
    {
        if (listedItems >= Threshold)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
    }
}
