using System.Net.Sockets;

namespace Oz.Operator.Tests.Cli;

/// <summary>A loopback HTTP server that answers GET /version like a Kubernetes API server and counts requests.</summary>
public sealed class FakeApiServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task serving;
    private int requests;

    public FakeApiServer()
    {
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public int Requests => Volatile.Read(ref requests);

    /// <summary>A loopback port nobody listens on (bound, then released).</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>A kubeconfig whose only cluster is <paramref name="server"/>.</summary>
    public static string Kubeconfig(string server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
          - name: test
            cluster:
              server: {server}
        contexts:
          - name: test
            context:
              cluster: test
              user: test
        current-context: test
        users:
          - name: test
            user:
              token: test-token
        """;

    public void Dispose()
    {
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // the listener was closed under a pending GetContextAsync
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref requests);
            // KubernetesClient asks for "/version/".
            var isVersion = context.Request.Url?.AbsolutePath.TrimEnd('/') == "/version";
            var body = isVersion
                ? """{"major":"1","minor":"34","gitVersion":"v1.34.1","platform":"linux/amd64"}"""
                : """{"kind":"Status","status":"Failure","code":404}""";
            context.Response.StatusCode = isVersion ? 200 : 404;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
