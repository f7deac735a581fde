namespace Oz.KubeSim.Api.Printers;

/// <summary><c>kubectl get namespaces</c>: Name, Status, Age.</summary>
internal static class NamespacePrinter
{
    public static BuiltInPrinter Printer { get; } = new(
        [
            new("Name", "string", "", "name", "Name must be unique within a namespace."),
            new("Status", "string", "", null, "The status of the namespace"),
            new("Age", "string", "", null, "CreationTimestamp is a timestamp representing the server time when this object was created."),
        ],
        static (ns, now) =>
        [
            JsonPath.GetString(ns, "metadata.name"),
            JsonPath.GetString(ns, "status.phase") ?? "",
            PrintedTimes.Since(PrintedTimes.Parse(ns, "metadata.creationTimestamp"), now),
        ]);
}
