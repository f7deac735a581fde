namespace Oz.KubeSim.Controllers;

/// <summary>
/// The objects a controller creates from a template for an owner it controls (a Job's pods, a pod's
/// ephemeral volume claims): the template's metadata and spec, with the owner as their controller
/// reference, so the garbage collector deletes them with it.
/// </summary>
internal static class ControlledObjects
{
    /// <summary>A core/v1 object of <paramref name="kind"/>; <paramref name="name"/> names it in the copied metadata.</summary>
    public static JsonObject FromTemplate(string kind, JsonObject template, string ownerApiVersion, string ownerKind, StoredObject owner, Action<JsonObject> name)
    {
        var meta = (template["metadata"] as JsonObject)?.DeepClone() as JsonObject ?? [];
        name(meta);
        meta["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = ownerApiVersion,
            ["kind"] = ownerKind,
            ["name"] = owner.Name,
            ["uid"] = owner.Uid,
            ["controller"] = true,
            ["blockOwnerDeletion"] = true,
        });
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = kind,
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone(),
        };
    }
}
