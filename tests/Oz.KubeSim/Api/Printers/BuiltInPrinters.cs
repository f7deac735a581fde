using Oz.KubeSim.Events;

namespace Oz.KubeSim.Api.Printers;

/// <summary>The built-in resources printed with their own columns (the rest get Name and Age).</summary>
public static class BuiltInPrinters
{
    public static BuiltInPrinter? For(ResourceType type) => (type.Group, type.Plural) switch
    {
        ("", "pods") => PodPrinter.Printer,
        ("batch", "jobs") => JobPrinter.Printer,
        ("", "events") => EventPrinter.Printer,
        _ when EventConversion.IsEventsV1(type) => EventPrinter.Printer,
        ("", "namespaces") => NamespacePrinter.Printer,
        ("", "nodes") => NodePrinter.Printer,
        _ => null,
    };
}
