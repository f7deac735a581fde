namespace Oz.KubeSim.Api;

/// <summary>The metadata rules of a deletion in progress, as the API server's generic registry applies them.</summary>
internal static class DeletionRules
{
    /// <summary>Setting deletionTimestamp is a change of intent: metadata.generation goes up by one (when tracked).</summary>
    public static void BumpGeneration(JsonObject meta)
    {
        if (JsonPath.GetLong(meta, "generation") is > 0 and var generation)
        {
            meta["generation"] = generation + 1;
        }
    }

    /// <summary>An object being deleted may lose finalizers but gain none (ValidateNoNewFinalizers).</summary>
    public static FieldError? NewFinalizersWhileDeleting(JsonObject oldMeta, JsonObject newMeta)
    {
        if (oldMeta["deletionTimestamp"] is null)
        {
            return null;
        }

        var old = Names(oldMeta["finalizers"] as JsonArray).ToHashSet(StringComparer.Ordinal);
        var added = Names(newMeta["finalizers"] as JsonArray).Where(f => !old.Contains(f)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (added.Count == 0)
        {
            return null;
        }

        // Go's %#v of a []string, as the message quotes it.
        var list = "[]string{" + string.Join(", ", added.Select(a => $"\"{a}\"")) + "}";
        return FieldError.Forbidden("metadata.finalizers", $"no new finalizers can be added if the object is being deleted, found new finalizers {list}");
    }

    private static IEnumerable<string> Names(JsonArray? finalizers) =>
        finalizers?.Select(f => f?.GetValue<string>()).OfType<string>() ?? [];
}
