namespace Oz.KubeSim.Store;

/// <summary>An additionalPrinterColumn of a CRD version (or a built-in table column).</summary>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, string? Format = null, string Description = "", int Priority = 0);
