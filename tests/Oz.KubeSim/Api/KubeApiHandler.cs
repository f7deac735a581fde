using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Oz.KubeSim.Controllers;
using Oz.KubeSim.Diagnostics;
using Oz.KubeSim.Events;
using Oz.KubeSim.Faults;
using Oz.KubeSim.Protobuf;
using Oz.KubeSim.Security;
using YamlDotNet.Core;

namespace Oz.KubeSim.Api;

/// <summary>
/// The HTTP face of the simulator: routes Kubernetes REST paths to <see cref="ResourceApi"/>,
/// answers discovery, streams watches, renders Tables, and applies faults, RBAC and the request log.
/// </summary>
public sealed class KubeApiHandler(ResourceApi api, RbacModel rbac, FaultInjector faults, RequestLog log, KubeSimOptions options)
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <summary>Serves pods/log: (pod, container, previous) → text, or throws an <see cref="ApiException"/>.</summary>
    public Func<StoredObject, string?, string>? PodLogs { get; set; }

    public string ServerAddress { get; set; } = "127.0.0.1";

    public async Task HandleAsync(HttpContext http)
    {
        var watch = Stopwatch.StartNew();
        var path = http.Request.Path.Value ?? "/";
        var method = http.Request.Method;
        var user = "";
        RequestInfo? info = null;
        var verb = method.ToLowerInvariant();
        var code = 200;
        try
        {
            if (faults.Latency > TimeSpan.Zero)
            {
                await Task.Delay(faults.Latency, http.RequestAborted);
            }

            user = RequestAuthorization.Authenticate(http.Request, rbac);
            info = RequestInfo.Parse(path, (g, v, r) => api.Registry.Find(g, v, r) is not null);
            if (info is null)
            {
                RequestAuthorization.AuthorizePath(rbac, user, method, path);
                code = await ServeNonResourceAsync(http, path);
                return;
            }

            var type = api.Registry.Find(info.Group, info.Version, info.Resource) ?? throw StatusObjects.PageNotFound();
            verb = VerbOf(method, info, http.Request.Query);
            var failure = faults.PickFailure(verb, info.Resource);
            if (failure == 500)
            {
                throw StatusObjects.InternalError("kubesim: injected fault");
            }

            if (failure == 429)
            {
                throw StatusObjects.TooManyRequests(faults.RetryAfterSeconds);
            }

            RequestAuthorization.AuthorizeResource(rbac, user, verb, info, type);
            code = await ServeResourceAsync(http, type, info, verb, user);
        }
        catch (ApiException e)
        {
            code = e.Code;
            if (!http.Response.HasStarted)
            {
                if (e.RetryAfterSeconds is { } retry)
                {
                    http.Response.Headers.RetryAfter = retry.ToString(CultureInfo.InvariantCulture);
                }

                await WriteJsonAsync(http, e.Code, e.ToStatus());
            }
        }
        catch (JsonException e)
        {
            code = 400;
            if (!http.Response.HasStarted)
            {
                await WriteJsonAsync(http, 400, StatusObjects.BadRequest($"json: {e.Message}").ToStatus());
            }
        }
        catch (YamlException e)
        {
            code = 400;
            if (!http.Response.HasStarted)
            {
                await WriteJsonAsync(http, 400, StatusObjects.BadRequest($"yaml: {e.Message}").ToStatus());
            }
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            code = 499;
        }
        catch (Exception e)
        {
            // A bug in the simulator (or in an admission rule a test added): answer as the API server
            // answers a handler panic, and log the code the client really got.
            code = await HandlerCrashAsync(http, e);
        }
        finally
        {
            log.Add(new RequestLogEntry(DateTimeOffset.UtcNow, verb, info?.Group ?? "", info?.Resource ?? path, info?.Subresource, info?.Namespace, info?.Name, code, watch.Elapsed, user));
        }
    }

    private static async Task<int> HandlerCrashAsync(HttpContext http, Exception e)
    {
        if (http.Response.HasStarted)
        {
            // The status line is out (a watch stream): the client sees the stream cut.
            http.Abort();
            return http.Response.StatusCode;
        }

        http.Response.Headers.Clear();
        await WriteJsonAsync(http, 500, StatusObjects.InternalError($"kubesim: {e.GetType().Name}: {e.Message}").ToStatus());
        return 500;
    }

    private static string VerbOf(string method, RequestInfo info, IQueryCollection query) => method switch
    {
        "GET" or "HEAD" when info.Name is not null && info.Subresource is null && !info.WatchPath => "get",
        "GET" or "HEAD" when info.Subresource is not null => "get",
        "GET" or "HEAD" when info.WatchPath || IsTrue(query["watch"]) => "watch",
        "GET" or "HEAD" => "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when info.Name is null => "deletecollection",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private async Task<int> ServeNonResourceAsync(HttpContext http, string path)
    {
        var trimmed = path.TrimEnd('/');
        var parts = trimmed.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        JsonObject? doc = parts switch
        {
            ["version"] => Discovery.Version(),
            ["api"] => Discovery.CoreVersions(ServerAddress),
            ["api", var v] => Discovery.ResourceList(api.Registry, "", v),
            ["apis"] => Discovery.GroupList(api.Registry),
            ["apis", var g] => Discovery.GroupDocument(api.Registry, g),
            ["apis", var g, var v] => Discovery.ResourceList(api.Registry, g, v),
            ["openapi", "v3"] => OpenApiDocuments.Index(api.Registry),
            ["openapi", "v3", "api", var v] => OpenApiDocuments.GroupVersion(api.Registry, "", v),
            ["openapi", "v3", "apis", var g, var v] => OpenApiDocuments.GroupVersion(api.Registry, g, v),
            _ => null,
        };
        if (parts is ["healthz" or "readyz" or "livez", ..])
        {
            http.Response.ContentType = "text/plain";
            await http.Response.WriteAsync("ok");
            return 200;
        }

        if (doc is null)
        {
            throw StatusObjects.PageNotFound();
        }

        await WriteJsonAsync(http, 200, doc);
        return 200;
    }

    private async Task<int> ServeResourceAsync(HttpContext http, ResourceType type, RequestInfo info, string verb, string user)
    {
        var query = http.Request.Query;
        var ns = type.Namespaced ? info.Namespace : "";
        if (type.Namespaced && ns is null && verb is not ("list" or "watch"))
        {
            throw StatusObjects.MethodNotAllowed("the server does not allow this method on the requested resource");
        }

        if (info.Subresource is not null && !type.Subresources.Contains(info.Subresource))
        {
            throw StatusObjects.PageNotFound();
        }

        var ctx = new RequestContext(user, query["dryRun"].Count > 0, query["fieldManager"].FirstOrDefault())
        {
            FieldValidation = query["fieldValidation"].FirstOrDefault(),
            FromClient = true,
            UserAgent = http.Request.Headers.UserAgent.FirstOrDefault(),
        };
        switch (verb)
        {
            case "get" when info.Subresource == "log":
                return await ServeLogAsync(http, type, ns!, info.Name!);
            case "get":
                {
                    var stored = NodeHeartbeat.Fresh(api.Get(type, ns!, info.Name!), api.Clock.Now);
                    if (WantsTable(http.Request))
                    {
                        await WriteJsonAsync(http, 200, TableConverter.Table(type, [Convert(type, stored)], null, null, IncludeObject(query), api.Clock.Now));
                    }
                    else
                    {
                        await WriteBytesAsync(http, 200, Serve(type, stored));
                    }

                    return 200;
                }

            case "list":
                return await ServeListAsync(http, type, ns);
            case "watch":
                await ServeWatchAsync(http, type, ns);
                return 200;
            case "create" when info.Subresource == "token" && type == BuiltInResources.ServiceAccounts:
                {
                    var answered = TokenRequests.Answer(api, rbac.ServiceAccountTokens, ns!, info.Name!, await ReadObjectAsync(http));
                    await WriteJsonAsync(http, 201, answered);
                    return 201;
                }

            case "create" when BuiltInResources.IsVirtual(type):
                {
                    var review = await ReadObjectAsync(http);
                    AccessReviewValidation.Check(type, review);
                    var answered = type == BuiltInResources.SelfSubjectAccessReviews
                        ? AccessReviews.SelfSubjectAccessReview(review, rbac, user)
                        : AccessReviews.SelfSubjectRulesReview(review, rbac, user);
                    await WriteJsonAsync(http, 201, answered);
                    return 201;
                }

            case "create":
                {
                    var result = api.Create(type, ns!, await ReadObjectAsync(http), ctx);
                    return await WriteResultAsync(http, type, result, ctx);
                }

            case "update":
                {
                    var result = api.Update(type, ns!, info.Name!, await ReadObjectAsync(http), ctx, info.Subresource);
                    return await WriteResultAsync(http, type, result, ctx);
                }

            case "patch":
                {
                    var body = await ReadBodyAsync(http);
                    var patch = YamlJson.ParseJsonOrYaml(body) ?? throw StatusObjects.BadRequest("empty patch");
                    var result = api.Patch(type, ns!, info.Name!, http.Request.ContentType ?? "", patch, ctx, info.Subresource, IsTrue(query["force"]));
                    return await WriteResultAsync(http, type, result, ctx);
                }

            case "delete":
                {
                    var result = api.Delete(type, ns!, info.Name!, await ReadDeleteOptionsAsync(http), ctx);
                    return await WriteResultAsync(http, type, result, ctx);
                }

            case "deletecollection":
                {
                    var options = await ReadDeleteOptionsAsync(http);
                    var (items, _) = api.Store.List(type, ns);
                    var labels = LabelSelector.Parse(query["labelSelector"]);
                    var fields = FieldSelector.Parse(query["fieldSelector"], type);
                    foreach (var item in items.Where(i => labels.Matches(i.Labels) && fields.Matches(i)))
                    {
                        try
                        {
                            api.Delete(type, item.Namespace, item.Name, options, ctx);
                        }
                        catch (ApiException e) when (e.Code == 404)
                        {
                        }
                    }

                    await WriteJsonAsync(http, 200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" });
                    return 200;
                }

            default:
                throw StatusObjects.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }

    private async Task<int> WriteResultAsync(HttpContext http, ResourceType type, WriteResult result, RequestContext ctx)
    {
        foreach (var warning in ctx.Warnings)
        {
            http.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }

        var body = result.Stored is not null ? Serve(type, result.Stored) : result.Body;
        await WriteBytesAsync(http, result.Code, body);
        return result.Code;
    }

    private async Task<int> ServeLogAsync(HttpContext http, ResourceType type, string ns, string name)
    {
        var pod = api.Get(type, ns, name);
        var container = http.Request.Query["container"].FirstOrDefault();
        var text = PodLogs?.Invoke(pod, container) ?? "";
        if (int.TryParse(http.Request.Query["tailLines"], CultureInfo.InvariantCulture, out var tail) && tail >= 0)
        {
            var lines = text.Split('\n');
            var hasTrailingNewline = text.EndsWith('\n');
            var content = hasTrailingNewline ? lines[..^1] : lines;
            text = string.Join('\n', content.TakeLast(tail)) + (hasTrailingNewline && tail > 0 ? "\n" : "");
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (long.TryParse(http.Request.Query["limitBytes"], CultureInfo.InvariantCulture, out var limit) && limit >= 0 && limit < bytes.Length)
        {
            bytes = bytes[..(int)limit];
        }

        http.Response.StatusCode = 200;
        http.Response.ContentType = "text/plain";
        await http.Response.Body.WriteAsync(bytes, http.RequestAborted);
        return 200;
    }

    private async Task<int> ServeListAsync(HttpContext http, ResourceType type, string? ns)
    {
        var query = http.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], type);
        // Every page of a list is read at the first page's revision, which its continue token carries.
        var scope = ns is not null && type.Namespaced ? ns + "/" : "";
        var token = query["continue"].FirstOrDefault() is { Length: > 0 } text ? ContinueToken.Decode(text, scope) : null;
        var snapshot = api.Store.Snapshot(type, token is { Revision: > 0 } ? token.Revision : null)
            ?? throw ContinueExpired(token!.StartKey, scope);
        var revision = snapshot.Revision;
        var limit = long.TryParse(query["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : (long?)null;
        var selected = ListPage.Select(snapshot.Items, scope, token?.StartKey, limit, labels, fields);
        var page = selected.Items.Select(item => NodeHeartbeat.Fresh(item, api.Clock.Now)).ToList();
        var continueToken = selected.HasMore ? ContinueToken.After(revision, selected.Items[^1].Key, scope) : null;
        var rv = revision.ToString(CultureInfo.InvariantCulture);
        if (WantsTable(http.Request))
        {
            await WriteJsonAsync(http, 200, TableConverter.Table(type, page.Select(p => Convert(type, p)), rv, continueToken, IncludeObject(query), api.Clock.Now));
            return 200;
        }

        var meta = new JsonObject { ["resourceVersion"] = rv };
        if (continueToken is not null)
        {
            meta["continue"] = continueToken;
        }

        if (selected.RemainingItemCount is { } remaining)
        {
            meta["remainingItemCount"] = remaining;
        }

        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{type.ListKind}\",\"apiVersion\":\"{type.ApiVersion}\",\"metadata\":{meta.ToJsonString()},\"items\":["));
        for (var i = 0; i < page.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(Serve(type, page[i]));
        }

        buffer.Write("]}"u8);
        await WriteBytesAsync(http, 200, buffer.ToArray());
        return 200;
    }

    private async Task ServeWatchAsync(HttpContext http, ResourceType type, string? ns)
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

        var table = WantsTable(http.Request);
        var includeObject = IncludeObject(query);
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
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
            return JsonSerializer.SerializeToUtf8Bytes(TableConverter.Table(type, [Convert(type, evt.Object!)], null, null, includeObject, api.Clock.Now));
        }

        var served = Serve(type, evt.Object!);
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

    /// <summary>The stored bytes, with apiVersion rewritten when read through another served version.</summary>
    private static byte[] Serve(ResourceType type, StoredObject stored) =>
        stored.Type.Version == type.Version && stored.Type.Group == type.Group ? stored.Json : JsonSerializer.SerializeToUtf8Bytes(Convert(type, stored));

    private static JsonObject Convert(ResourceType type, StoredObject stored)
    {
        var obj = stored.ToJsonObject();
        if (EventConversion.IsEventsV1(type) && stored.Type.Group != type.Group)
        {
            return EventConversion.ToEventsV1(obj);
        }

        obj["apiVersion"] = type.ApiVersion;
        return obj;
    }

    private static bool WantsTable(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("as=Table", StringComparison.Ordinal);

    private static bool IncludeObject(IQueryCollection query) => query["includeObject"].FirstOrDefault() == "Object";

    /// <summary>
    /// The API server's answer to a continue token whose revision was compacted: 410 Expired, with a
    /// token that continues from the same key at the latest revision (an inconsistent remainder).
    /// </summary>
    private static ApiException ContinueExpired(string startKey, string scope) =>
        new(410, "Expired", "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
        {
            Continue = ContinueToken.From(ContinueToken.Latest, startKey, scope),
        };

    private static async Task<string> ReadBodyAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(http.RequestAborted);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext http)
    {
        if (KubeProtobuf.IsProtobuf(http.Request.ContentType))
        {
            using var bytes = new MemoryStream();
            await http.Request.Body.CopyToAsync(bytes, http.RequestAborted);
            return KubeProtobuf.Decode(bytes.GetBuffer().AsMemory(0, (int)bytes.Length));
        }

        var body = await ReadBodyAsync(http);
        return YamlJson.ParseJsonOrYaml(body) as JsonObject ?? throw StatusObjects.BadRequest("Object 'Kind' is missing in the request body");
    }

    private static async Task<DeleteOptions> ReadDeleteOptionsAsync(HttpContext http)
    {
        var query = http.Request.Query;
        var body = await ReadBodyAsync(http);
        var policy = query["propagationPolicy"].FirstOrDefault();
        string? uid = null;
        string? rv = null;
        long? grace = long.TryParse(query["gracePeriodSeconds"].FirstOrDefault(), CultureInfo.InvariantCulture, out var g) ? g : null;
        if (!string.IsNullOrWhiteSpace(body) && JsonNode.Parse(body) is JsonObject options)
        {
            grace ??= JsonPath.GetLong(options, "gracePeriodSeconds");
            policy ??= JsonPath.GetString(options, "propagationPolicy");
            if (JsonPath.GetBool(options, "orphanDependents") is { } orphan)
            {
                policy ??= orphan ? "Orphan" : "Background";
            }

            uid = JsonPath.GetString(options, "preconditions.uid");
            rv = JsonPath.GetString(options, "preconditions.resourceVersion");
        }

        return new DeleteOptions(policy, uid, rv) { GracePeriodSeconds = grace };
    }

    private static async Task WriteJsonAsync(HttpContext http, int code, JsonObject body) =>
        await WriteBytesAsync(http, code, JsonSerializer.SerializeToUtf8Bytes(body));

    private static async Task WriteBytesAsync(HttpContext http, int code, byte[] body)
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
