namespace Oz.KubeSim.Admission.Policy;

/// <summary>A metav1.LabelSelector given as JSON (matchLabels, matchExpressions); absent or empty matches everything.</summary>
public static class SelectorMatch
{
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is not JsonObject s)
        {
            return true;
        }

        foreach (var (key, value) in s["matchLabels"] as JsonObject ?? [])
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value?.GetValue<string>())
            {
                return false;
            }
        }

        foreach (var expression in (s["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = JsonPath.GetString(expression, "key") ?? "";
            var values = (expression["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()).ToList();
            var has = labels.TryGetValue(key, out var actual);
            var ok = JsonPath.GetString(expression, "operator") switch
            {
                "In" => has && values.Contains(actual),
                "NotIn" => !has || !values.Contains(actual),
                "Exists" => has,
                "DoesNotExist" => !has,
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
