namespace Oz.KubeSim.Api.Printers;

/// <summary>The server-side table of a built-in resource: its columns and how one object's cells are computed.</summary>
public sealed record BuiltInPrinter(IReadOnlyList<PrinterColumn> Columns, Func<JsonObject, DateTimeOffset, JsonArray> Cells);
