using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>
/// The KubernetesClient adapters against canned API answers over real HTTP: which URL and query a
/// list and a watch send, and how a watch stream's events and ERROR Status come out.
/// </summary>
public sealed class KubernetesListerWatcherTests
{
    private const string PodList = """{"kind":"PodList","apiVersion":"v1","metadata":{"resourceVersion":"42"},"items":[{"metadata":{"name":"a","namespace":"default","resourceVersion":"40"}}]}""";
    private const string PodAdded = """{"type":"ADDED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"b","namespace":"default","resourceVersion":"43"}}}""";
    private const string Bookmark = """{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"50"}}}""";
    private const string Expired = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (40)","reason":"Expired","code":410}}""";

    private readonly ConcurrentQueue<string> requests = new();
    private WebApplication server = null!;
    private k8s.Kubernetes client = null!;
    private Func<HttpContext, Task> respond = _ => Task.CompletedTask;

    [SetUp]
    public async Task SetUp()
    {
        requests.Clear();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        server = builder.Build();
        server.Run(async context =>
        {
            requests.Enqueue(context.Request.Path + context.Request.QueryString);
            await respond(context);
        });
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        client = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = address });
    }

    [TearDown]
    public async Task TearDown()
    {
        client.Dispose();
        await server.DisposeAsync();
    }

    private static Func<HttpContext, Task> Lines(params string[] lines) => async context =>
    {
        context.Response.ContentType = "application/json";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n");
            await context.Response.Body.FlushAsync();
        }
    };

    [Test]
    public async Task AListReturnsTheItemsAndTheListsResourceVersion()
    {
        respond = Lines(PodList);

        var list = await KubernetesListerWatchers.Pods(client, "default").ListAsync("app=x", CancellationToken.None);

        Assert.That(list.ResourceVersion, Is.EqualTo("42"));
        Assert.That(list.Items.Single().Metadata.Name, Is.EqualTo("a"));
        Assert.That(requests.Single(), Is.EqualTo("/api/v1/namespaces/default/pods?labelSelector=app%3Dx&limit=500"));
    }

    [Test]
    public async Task AListFollowsContinueTokensAcrossPagesAndReturnsAllItemsAtTheFirstPagesResourceVersion()
    {
        respond = context => Lines(context.Request.Query["continue"].ToString() switch
        {
            "" => PodPage("42", "t1", 3, "a", "b"),
            "t1" => PodPage("42", "t2", 1, "c", "d"),
            "t2" => PodPage("42", null, null, "e"),
            var other => throw new InvalidOperationException(other),
        })(context);

        var list = await KubernetesListerWatchers.Pods(client, "default", pageSize: 2).ListAsync(null, CancellationToken.None);

        Assert.That(list.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "a", "b", "c", "d", "e" }));
        Assert.That(list.ResourceVersion, Is.EqualTo("42"));
        Assert.That(requests, Is.EqualTo(new[]
        {
            "/api/v1/namespaces/default/pods?limit=2",
            "/api/v1/namespaces/default/pods?continue=t1&limit=2",
            "/api/v1/namespaces/default/pods?continue=t2&limit=2",
        }));
    }

    [Test]
    public async Task AnExpiredContinueTokenFallsBackToOneFullUnpagedList()
    {
        respond = async context =>
        {
            var query = context.Request.Query;
            if (query.ContainsKey("continue"))
            {
                context.Response.StatusCode = 410;
                await Lines(ExpiredStatus)(context);
            }
            else
            {
                await Lines(query.ContainsKey("limit") ? PodPage("42", "t1", 2, "a", "b") : PodPage("57", null, null, "a", "c", "d"))(context);
            }
        };

        var list = await KubernetesListerWatchers.Pods(client, "default", pageSize: 2).ListAsync(null, CancellationToken.None);

        Assert.That(list.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "a", "c", "d" }));
        Assert.That(list.ResourceVersion, Is.EqualTo("57"));
        Assert.That(requests.Last(), Is.EqualTo("/api/v1/namespaces/default/pods"));
        Assert.That(requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task AGoneAnswerToTheFirstPageIsTheCallersError()
    {
        respond = async context =>
        {
            context.Response.StatusCode = 410;
            await Lines(ExpiredStatus)(context);
        };

        var error = Assert.CatchAsync(async () => await KubernetesListerWatchers.Pods(client, "default", pageSize: 2).ListAsync(null, CancellationToken.None));

        Assert.That(WatchErrors.IsGone(error!), Is.True, error!.ToString());
        Assert.That(requests, Has.Count.EqualTo(1));
    }

    private const string ExpiredStatus = """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"The provided continue parameter is too old to display a consistent list result.","reason":"Expired","code":410}""";

    private static string PodPage(string resourceVersion, string? continueToken, long? remaining, params string[] names)
    {
        var meta = continueToken is null
            ? $$"""{"resourceVersion":"{{resourceVersion}}"}"""
            : $$"""{"resourceVersion":"{{resourceVersion}}","continue":"{{continueToken}}","remainingItemCount":{{remaining}}}""";
        var items = string.Join(",", names.Select(n => "{\"metadata\":{\"name\":\"" + n + "\",\"namespace\":\"default\",\"resourceVersion\":\"40\"}}"));
        return $$"""{"kind":"PodList","apiVersion":"v1","metadata":{{meta}},"items":[{{items}}]}""";
    }

    [Test]
    public async Task AWatchAsksForBookmarksATimeoutAndTheResourceVersionAndYieldsEvents()
    {
        respond = Lines(PodAdded, Bookmark);

        var events = await Collect(KubernetesListerWatchers.Pods(client, "default"), new WatchRequest("42", "app=x", true, 321));

        Assert.That(events.Select(e => (e.Type, e.Object.Metadata.ResourceVersion)), Is.EqualTo(new[] { (WatchEventType.Added, "43"), (WatchEventType.Bookmark, "50") }));
        var query = requests.Single();
        Assert.That(query, Does.StartWith("/api/v1/namespaces/default/pods?"));
        Assert.That(query, Does.Contain("allowWatchBookmarks=true").And.Contain("resourceVersion=42").And.Contain("timeoutSeconds=321").And.Contain("watch=true"));
    }

    [Test]
    public async Task AnErrorEventWithStatus410EndsTheWatchWithAGoneError()
    {
        respond = Lines(PodAdded, Expired);
        var events = new List<(WatchEventType, V1Pod)>();

        var error = Assert.CatchAsync(async () =>
        {
            await foreach (var e in KubernetesListerWatchers.Pods(client, "default").WatchAsync(new WatchRequest("1", null, true, 300), CancellationToken.None))
            {
                events.Add(e);
            }
        });

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That(WatchErrors.IsGone(error!), Is.True, error!.ToString());
    }

    [Test]
    public async Task AnEventThatDoesNotDecodeEndsTheWatchWithAnErrorNamingItsObject()
    {
        const string labelsNotAMap = """{"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"bad","namespace":"default","resourceVersion":"44","labels":"x"}}}""";
        respond = Lines(PodAdded, labelsNotAMap);
        var events = new List<(WatchEventType, V1Pod)>();

        var error = Assert.CatchAsync<UndecodableWatchEventException>(async () =>
        {
            await foreach (var e in KubernetesListerWatchers.Pods(client, "default").WatchAsync(new WatchRequest("1", null, true, 300), CancellationToken.None))
            {
                events.Add(e);
            }
        });

        Assert.That(events, Has.Count.EqualTo(1));
        Assert.That((error!.Kind, error.ObjectName, error.ResourceVersion), Is.EqualTo(("Pod", "default/bad", "44")));
        Assert.That(WatchErrors.IsGone(error), Is.False);
    }

    [Test]
    public void ALineThatIsNotAWatchEventEndsTheWatchWithAnErrorNamingNoObject()
    {
        respond = Lines("not json at all");

        var error = Assert.CatchAsync<UndecodableWatchEventException>(async () => await Collect(KubernetesListerWatchers.Pods(client, "default"), new WatchRequest("1", null, true, 300)));

        Assert.That((error!.Name, error.ResourceVersion), Is.EqualTo(((string?)null, (string?)null)));
    }

    [Test]
    public void AnHttp410AnswerToAWatchIsAGoneError()
    {
        respond = context =>
        {
            context.Response.StatusCode = 410;
            return context.Response.WriteAsync("""{"kind":"Status","apiVersion":"v1","code":410,"reason":"Expired"}""");
        };

        var error = Assert.CatchAsync(async () => await Collect(KubernetesListerWatchers.Pods(client, "default"), new WatchRequest("1", null, true, 300)));

        Assert.That(WatchErrors.IsGone(error!), Is.True, error!.ToString());
    }

    [Test]
    public async Task AnEventSplitAcrossWritesIsReadWholeAndBlankLinesAreSkipped()
    {
        respond = async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(PodAdded[..20]);
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync(PodAdded[20..] + "\n\r\n\n");
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync(Bookmark);
        };

        var events = await Collect(KubernetesListerWatchers.Pods(client, "default"), new WatchRequest("42", null, true, 300));

        Assert.That(events.Select(e => (e.Type, e.Object.Metadata.Name, e.Object.Metadata.ResourceVersion)), Is.EqualTo(new[]
        {
            (WatchEventType.Added, "b", "43"),
            (WatchEventType.Bookmark, (string?)null, "50"),
        }));
    }

    [Test]
    public async Task AWatchSendsTheClientsCredentialsAndEscapesTheSelector()
    {
        string? authorization = null;
        respond = context =>
        {
            authorization = context.Request.Headers.Authorization;
            return Lines(PodAdded)(context);
        };
        using var withToken = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = client.BaseUri.ToString(), AccessToken = "t0ken" });

        await Collect(KubernetesListerWatchers.Pods(withToken, null), new WatchRequest("7", "a in (x,y)", false, 60));

        Assert.That(authorization, Is.EqualTo("Bearer t0ken"));
        Assert.That(requests.Single(), Is.EqualTo("/api/v1/pods?watch=true&labelSelector=a%20in%20%28x%2Cy%29&resourceVersion=7&timeoutSeconds=60"));
    }

    [Test]
    public async Task JobsInAllNamespacesUseTheClusterWidePath()
    {
        respond = Lines("""{"kind":"JobList","apiVersion":"batch/v1","metadata":{"resourceVersion":"7"},"items":[]}""");

        var list = await KubernetesListerWatchers.Jobs(client, null).ListAsync(null, CancellationToken.None);

        Assert.That(list.ResourceVersion, Is.EqualTo("7"));
        Assert.That(requests.Single(), Is.EqualTo("/apis/batch/v1/jobs?limit=500"));
    }

    [Test]
    public async Task CustomResourcesAreListedAndWatchedTyped()
    {
        respond = context => context.Request.Query.ContainsKey("watch")
            ? Lines("""{"type":"MODIFIED","object":{"kind":"AgentTask","apiVersion":"oz.warp.dev/v1alpha1","metadata":{"name":"t1","namespace":"default","resourceVersion":"9"},"spec":{"title":"hello"}}}""")(context)
            : Lines("""{"kind":"AgentTaskList","apiVersion":"oz.warp.dev/v1alpha1","metadata":{"resourceVersion":"8"},"items":[{"kind":"AgentTask","apiVersion":"oz.warp.dev/v1alpha1","metadata":{"name":"t0","namespace":"default","resourceVersion":"5"}}]}""")(context);
        var api = KubernetesListerWatchers.CustomObjects<AgentTask, AgentTaskList>(client, "oz.warp.dev", "v1alpha1", "agenttasks", "default");

        var list = await api.ListAsync(null, CancellationToken.None);
        var events = await Collect(api, new WatchRequest(list.ResourceVersion, null, true, 300));

        Assert.That(list.Items.Single().Metadata.Name, Is.EqualTo("t0"));
        Assert.That(events.Single().Object.Spec.Title, Is.EqualTo("hello"));
        Assert.That(requests.First(), Is.EqualTo("/apis/oz.warp.dev/v1alpha1/namespaces/default/agenttasks?limit=500"));
    }

    private static async Task<List<(WatchEventType Type, T Object)>> Collect<T>(IListerWatcher<T> api, WatchRequest request)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var events = new List<(WatchEventType, T)>();
        await foreach (var e in api.WatchAsync(request, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }
}
