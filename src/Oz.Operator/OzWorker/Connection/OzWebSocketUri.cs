namespace Oz.Operator.OzWorker.Connection;

/// <summary>The configured WebSocket URL with <c>worker_id</c> added to whatever query it already has.</summary>
public static class OzWebSocketUri
{
    public const string WorkerIdParameter = "worker_id";

    public static Uri Build(string url, string workerId)
    {
        var builder = new UriBuilder(url);
        builder.Scheme = builder.Scheme switch
        {
            "https" => "wss",
            "http" => "ws",
            var other => other,
        };
        if (builder.Uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        // A worker_id already in the URL is replaced, not duplicated: the flag's value is the identity.
        var kept = builder.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.Split('=', 2)[0].Equals(WorkerIdParameter, StringComparison.Ordinal));
        builder.Query = string.Join('&', kept.Append($"{WorkerIdParameter}={Uri.EscapeDataString(workerId)}"));
        return builder.Uri;
    }
}
