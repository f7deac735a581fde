namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// A client-side handler that answers chosen requests itself with an API Status error, for the
/// paths KubeSim's own fault injection does not reach (/version, /apis) and for answers lost
/// after the server acted (<see cref="ForwardFirst"/>).
/// </summary>
internal sealed class InjectedAnswers(Func<HttpRequestMessage, bool> applies, HttpStatusCode code, string message, int times = int.MaxValue)
    : DelegatingHandler
{
    private int _matched;

    /// <summary>Send the request on to the server anyway and replace its answer: the server acted, the client sees an error.</summary>
    public bool ForwardFirst { get; init; }

    /// <summary>How many answers were injected.</summary>
    public int Injected => Math.Min(Volatile.Read(ref _matched), times);

    public static IKubernetes Client(PreflightCluster cluster, InjectedAnswers handler) =>
        new k8s.Kubernetes(new KubernetesClientConfiguration { Host = cluster.Sim.Url, AccessToken = PreflightCluster.Token }, handler);

    public static bool JobCreate(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post
        && request.RequestUri!.AbsolutePath.EndsWith("/jobs", StringComparison.Ordinal)
        && !request.RequestUri.Query.Contains("dryRun", StringComparison.Ordinal);

    public static bool DryRunJobCreate(HttpRequestMessage request) =>
        request.Method == HttpMethod.Post && request.RequestUri!.Query.Contains("dryRun=All", StringComparison.Ordinal);

    public static bool Path(HttpRequestMessage request, string path) => request.RequestUri!.AbsolutePath.TrimEnd('/') == path;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!applies(request) || Interlocked.Increment(ref _matched) > times)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        if (ForwardFirst)
        {
            using var lost = await base.SendAsync(request, cancellationToken);
        }

        var status = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","message":"{{message}}","code":{{(int)code}}}""";
        return new HttpResponseMessage(code)
        {
            RequestMessage = request,
            Content = new StringContent(status, Encoding.UTF8, "application/json"),
        };
    }
}
