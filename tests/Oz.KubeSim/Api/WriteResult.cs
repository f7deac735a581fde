namespace Oz.KubeSim.Api;

/// <summary>The outcome of a write: the stored object (or the dry-run object) and the HTTP code to answer with.</summary>
public sealed record WriteResult(int Code, StoredObject? Stored, JsonObject? DryRunObject)
{
    public byte[] Body => Stored?.Json ?? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(DryRunObject);

    public JsonObject Object => DryRunObject ?? Stored!.ToJsonObject();
}
