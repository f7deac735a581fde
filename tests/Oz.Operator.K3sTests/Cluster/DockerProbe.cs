using System.Net.Sockets;
using DotNet.Testcontainers.Configurations;

namespace Oz.Operator.K3sTests.Cluster;

/// <summary>
/// Whether a Docker engine answers, decided quickly: Testcontainers resolves the endpoint the way it
/// will use it (DOCKER_HOST, ~/.testcontainers.properties, Docker contexts, the default socket), then
/// the engine's /_ping must answer within a short timeout. A socket file left behind by a stopped
/// engine thus counts as "not available" instead of failing every test on a connection error.
/// </summary>
public static class DockerProbe
{
    /// <summary>Null when an engine answered; otherwise why it is considered absent.</summary>
    public static async Task<string?> UnavailableReasonAsync(TimeSpan timeout)
    {
        Uri? endpoint;
        try
        {
            endpoint = TestcontainersSettings.OS.DockerEndpointAuthConfig?.Endpoint;
        }
        catch (Exception e)
        {
            return $"Testcontainers could not resolve a Docker endpoint ({e.GetType().Name}: {e.Message})";
        }

        if (endpoint is null)
        {
            return "Testcontainers found no reachable Docker endpoint (checked DOCKER_HOST, ~/.testcontainers.properties, Docker contexts and the default socket)";
        }

        // Named pipes (Windows) and TLS endpoints need Docker's own client; trust Testcontainers' resolution there.
        if (endpoint.Scheme is not ("unix" or "tcp" or "http"))
        {
            return null;
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            using var http = CreateClient(endpoint);
            using var response = await http.GetAsync(new Uri("/_ping", UriKind.Relative), cts.Token);
            return response.IsSuccessStatusCode
                ? null
                : $"{endpoint} answered /_ping with HTTP {(int)response.StatusCode}";
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or OperationCanceledException or IOException)
        {
            var what = e is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0.#} s" : e.Message;
            return $"{endpoint} did not answer /_ping ({what})";
        }
    }

    private static HttpClient CreateClient(Uri endpoint)
    {
        if (endpoint.Scheme != "unix")
        {
            return new HttpClient { BaseAddress = new UriBuilder("http", endpoint.Host, endpoint.Port).Uri };
        }

        var socketPath = endpoint.LocalPath;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker") };
    }
}
