namespace Oz.KubeSim.Store;

/// <summary>One change of one object (or a bookmark/error carrying raw JSON instead).</summary>
public sealed record WatchEvent(WatchEventType Type, long ResourceVersion, StoredObject? Object, byte[]? RawObject = null)
{
    /// <summary>The previous version of the object (modifications: selector transitions; deletions: what a snapshot read before it sees).</summary>
    public StoredObject? Previous { get; init; }

    public string TypeName => Type switch
    {
        WatchEventType.Added => "ADDED",
        WatchEventType.Modified => "MODIFIED",
        WatchEventType.Deleted => "DELETED",
        WatchEventType.Bookmark => "BOOKMARK",
        _ => "ERROR",
    };
}
