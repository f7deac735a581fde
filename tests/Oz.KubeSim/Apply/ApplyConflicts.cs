namespace Oz.KubeSim.Apply;

/// <summary>The 409 Conflict an apply gets for fields owned by other managers, worded as the API server words it.</summary>
public static class ApplyConflicts
{
    public static ApiException Error(IReadOnlyList<ApplyConflict> conflicts)
    {
        var causes = new JsonArray();
        foreach (var conflict in conflicts)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with {conflict.Owner.Display()}",
                ["field"] = FieldPaths.Display(conflict.Path),
            });
        }

        return new ApiException(409, "Conflict", Message(conflicts), new JsonObject { ["causes"] = causes });
    }

    private static string Message(IReadOnlyList<ApplyConflict> conflicts)
    {
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Owner.Display()}: {FieldPaths.Display(conflicts[0].Path)}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Owner.Display()).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {group.Key}:");
            lines.AddRange(group.Select(c => $"- {FieldPaths.Display(c.Path)}"));
        }

        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
