using System.Diagnostics;
using System.Text.Json;
using Oz.KubeSim.Api.Http;
using Oz.KubeSim.Controllers;
using Oz.KubeSim.Diagnostics;
using Oz.KubeSim.Faults;
using Oz.KubeSim.Security;
using YamlDotNet.Core;

namespace Oz.KubeSim.Api;

/// <summary>
/// The HTTP face of the simulator: routes Kubernetes REST paths to <see cref="ResourceApi"/>,
/// answers discovery, streams watches, renders Tables, and applies faults, RBAC and the request log.
/// </summary>
public sealed class KubeApiHandler(ResourceApi api, RbacModel rbac, FaultInjector faults, RequestLog log, KubeSimOptions options)
{
    private readonly ListEndpoint _list = new(api);
    private readonly WatchEndpoint _watch = new(api, faults, options);

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
                code = await DiscoveryEndpoints.ServeAsync(http, path, api.Registry, ServerAddress);
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
            await ErrorResponses.WriteAsync(http, e);
        }
        catch (JsonException e)
        {
            code = 400;
            await ErrorResponses.BadRequestAsync(http, $"json: {e.Message}");
        }
        catch (YamlException e)
        {
            code = 400;
            await ErrorResponses.BadRequestAsync(http, $"yaml: {e.Message}");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            code = 499;
        }
        catch (Exception e)
        {
            // A bug in the simulator (or in an admission rule a test added): answer as the API server
            // answers a handler panic, and log the code the client really got.
            code = await ErrorResponses.CrashAsync(http, e);
        }
        finally
        {
            log.Add(new RequestLogEntry(DateTimeOffset.UtcNow, verb, info?.Group ?? "", info?.Resource ?? path, info?.Subresource, info?.Namespace, info?.Name, code, watch.Elapsed, user));
        }
    }

    private static string VerbOf(string method, RequestInfo info, IQueryCollection query) => method switch
    {
        "GET" or "HEAD" when info.Name is not null && info.Subresource is null && !info.WatchPath => "get",
        "GET" or "HEAD" when info.Subresource is not null => "get",
        "GET" or "HEAD" when info.WatchPath || RequestOptions.IsTrue(query["watch"]) => "watch",
        "GET" or "HEAD" => "list",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when info.Name is null => "deletecollection",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

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
                return await PodLogEndpoint.ServeAsync(http, api, PodLogs, type, ns!, info.Name!);
            case "get":
                {
                    var stored = NodeHeartbeat.Fresh(api.Get(type, ns!, info.Name!), api.Clock.Now);
                    if (RequestOptions.WantsTable(http.Request))
                    {
                        await JsonResponses.WriteJsonAsync(http, 200, TableConverter.Table(type, [ServedObjects.Convert(type, stored)], null, null, RequestOptions.IncludeObject(query), api.Clock.Now));
                    }
                    else
                    {
                        await JsonResponses.WriteBytesAsync(http, 200, ServedObjects.Serve(type, stored));
                    }

                    return 200;
                }

            case "list":
                return await _list.ServeAsync(http, type, ns);
            case "watch":
                await _watch.ServeAsync(http, type, ns);
                return 200;
            case "create" when info.Subresource == "token" && type == BuiltInResources.ServiceAccounts:
                {
                    var answered = TokenRequests.Answer(api, rbac.ServiceAccountTokens, ns!, info.Name!, await RequestBodies.ReadObjectAsync(http));
                    await JsonResponses.WriteJsonAsync(http, 201, answered);
                    return 201;
                }

            case "create" when BuiltInResources.IsVirtual(type):
                {
                    var review = await RequestBodies.ReadObjectAsync(http);
                    AccessReviewValidation.Check(type, review);
                    var answered = type == BuiltInResources.SelfSubjectAccessReviews
                        ? AccessReviews.SelfSubjectAccessReview(review, rbac, user)
                        : AccessReviews.SelfSubjectRulesReview(review, rbac, user);
                    await JsonResponses.WriteJsonAsync(http, 201, answered);
                    return 201;
                }

            case "create":
                {
                    var result = api.Create(type, ns!, await RequestBodies.ReadObjectAsync(http), ctx);
                    return await JsonResponses.WriteResultAsync(http, type, result, ctx);
                }

            case "update":
                {
                    var result = api.Update(type, ns!, info.Name!, await RequestBodies.ReadObjectAsync(http), ctx, info.Subresource);
                    return await JsonResponses.WriteResultAsync(http, type, result, ctx);
                }

            case "patch":
                {
                    var body = await RequestBodies.ReadBodyAsync(http);
                    var patch = YamlJson.ParseJsonOrYaml(body) ?? throw StatusObjects.BadRequest("empty patch");
                    var result = api.Patch(type, ns!, info.Name!, http.Request.ContentType ?? "", patch, ctx, info.Subresource, RequestOptions.IsTrue(query["force"]));
                    return await JsonResponses.WriteResultAsync(http, type, result, ctx);
                }

            case "delete":
                {
                    var result = api.Delete(type, ns!, info.Name!, await RequestBodies.ReadDeleteOptionsAsync(http), ctx);
                    return await JsonResponses.WriteResultAsync(http, type, result, ctx);
                }

            case "deletecollection":
                {
                    var options = await RequestBodies.ReadDeleteOptionsAsync(http);
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

                    await JsonResponses.WriteJsonAsync(http, 200, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = "Success" });
                    return 200;
                }

            default:
                throw StatusObjects.MethodNotAllowed("the server does not allow this method on the requested resource");
        }
    }
}
