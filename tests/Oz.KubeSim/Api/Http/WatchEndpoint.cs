using System.Text;
using System.Text.Json;
using Oz.KubeSim.Faults;

namespace Oz.KubeSim.Api.Http;

/// <summary>A watch request: a stream of events from a resourceVersion (or 410 Gone), with bookmarks, Table output, timeouts and injected malformed events.</summary>
internal sealed class WatchEndpoint(ResourceApi api, FaultInjector faults, KubeSimOptions options)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task ServeAsync(HttpContext http, ResourceType type, string? ns)
    {
        var query = http.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        var rvText = query["resourceVersion"].FirstOrDefault();
        long? since = null;
        if (!string.IsNullOrEmpty(rvText) && rvText != "0")
        {
            since = long.TryParse(rvText, CultureInfo.InvariantCulture, out var rv) ? rv : throw StatusObjects.BadRequest($"invalid resource version: {rvText}");
        }

        var table = RequestOptions.WantsTable(http.Request);
        var includeObject = RequestOptions.IncludeObject(query);
        var bookmarks = RequestOptions.IsTrue(query["allowWatchBookmarks"]);
        var watcher = api.Store.Watch(type, ns, o => labels.Matches(o.Labels) && fields.Matches(o), since, bookmarks);
        http.Response.StatusCode = 200;
        http.Response.ContentType = "application/json";
        http.Response.Headers.CacheControl = "no-cache, private";
        await http.Response.StartAsync(http.RequestAborted);
        if (watcher is null)
        {
            var status = StatusObjects.Gone($"too old resource version: {since} ({api.Store.CompactedRevision(type)})").ToStatus();
            await WriteEventAsync(http, "ERROR", JsonSerializer.SerializeToUtf8Bytes(status));
            return;
        }

        var timeout = int.TryParse(query["timeoutSeconds"], CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : options.DefaultWatchTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        cts.CancelAfter(timeout);
        try
        {
            foreach (var evt in watcher.Initial)
            {
                await WriteEventAsync(http, evt.TypeName, EventObject(type, evt, table, includeObject), flush: false);
            }

            await http.Response.Body.FlushAsync(cts.Token);
            while (await watcher.Reader.WaitToReadAsync(cts.Token))
            {
                while (watcher.Reader.TryRead(out var evt))
                {
                    await WriteEventAsync(http, evt.TypeName, EventObject(type, evt, table, includeObject), flush: false);
                }

                await http.Response.Body.FlushAsync(cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout or client gone: end the stream like the API server does.
        }
        catch (IOException)
        {
        }
        finally
        {
            api.Store.Close(watcher);
        }
    }

    private byte[] EventObject(ResourceType type, WatchEvent evt, bool table, bool includeObject)
    {
        if (evt.RawObject is not null)
        {
            return evt.RawObject;
        }

        if (table)
        {
            return JsonSerializer.SerializeToUtf8Bytes(TableConverter.Table(type, [ServedObjects.Convert(type, evt.Object!)], null, null, includeObject, api.Clock.Now));
        }

        var served = ServedObjects.Serve(type, evt.Object!);
        return faults.TakeMalformed(type.Plural) ? Malformed(served) : served;
    }

    private static byte[] Malformed(byte[] obj)
    {
        var node = JsonNode.Parse(obj)!.AsObject();
        node["metadata"]!["labels"] = "malformed";
        return JsonSerializer.SerializeToUtf8Bytes(node);
    }

    private static async Task WriteEventAsync(HttpContext http, string type, byte[] obj, bool flush = true)
    {
        var body = http.Response.Body;
        await body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"object\":"));
        await body.WriteAsync(obj);
        await body.WriteAsync("}"u8.ToArray());
        await body.WriteAsync(NewLine);
        if (flush)
        {
            await body.FlushAsync();
        }
    }

    /// <summary>Bookmark event bytes for a watcher at a revision.</summary>
    public static WatchEvent Bookmark(Watcher watcher, long revision) =>
        new(WatchEventType.Bookmark, revision, null, JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["kind"] = watcher.Type.Kind,
            ["apiVersion"] = watcher.Type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
        }));
}
