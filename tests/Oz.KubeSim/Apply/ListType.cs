namespace Oz.KubeSim.Apply;

/// <summary>How server-side apply treats a list: as one value, as a set of scalars, or as a map keyed by fields.</summary>
public enum ListType
{
    Atomic,
    Set,
    Map,
}
