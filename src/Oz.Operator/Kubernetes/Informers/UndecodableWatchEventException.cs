namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// A watch event that could not be decoded into the informer's type (a field of an unexpected
/// type, an unknown enum value, a line that is not JSON). Carries what could still be read of the
/// object, so the informer can name it and step past it instead of meeting it again on every resume.
/// </summary>
public sealed class UndecodableWatchEventException : Exception
{
    public UndecodableWatchEventException(string? kind, string? ns, string? name, string? resourceVersion, Exception inner)
        : base(Describe(kind, ns, name, resourceVersion, inner), inner)
    {
        Kind = kind;
        Namespace = ns;
        Name = name;
        ResourceVersion = resourceVersion;
    }

    public UndecodableWatchEventException()
        : this(null, null, null, null, new FormatException("undecodable watch event"))
    {
    }

    public UndecodableWatchEventException(string message)
        : base(message)
    {
    }

    public UndecodableWatchEventException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The object's kind, when the event's object named one.</summary>
    public string? Kind { get; }

    public string? Namespace { get; }

    /// <summary>The object's name; null when the event was too broken to tell which object it was about.</summary>
    public string? Name { get; }

    /// <summary>The object's resourceVersion, when readable: a watch resumed from it starts after the event.</summary>
    public string? ResourceVersion { get; }

    /// <summary>"namespace/name", "name" for a cluster-scoped object, or "an unidentifiable object".</summary>
    public string ObjectName => Name is null ? "an unidentifiable object" : string.IsNullOrEmpty(Namespace) ? Name : $"{Namespace}/{Name}";

    private static string Describe(string? kind, string? ns, string? name, string? resourceVersion, Exception inner)
    {
        var who = name is null ? "an unidentifiable object" : string.IsNullOrEmpty(ns) ? name : $"{ns}/{name}";
        return $"undecodable watch event for {kind ?? "object"} {who} (resourceVersion {resourceVersion ?? "unknown"}): {inner.Message}";
    }
}
