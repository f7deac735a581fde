using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Cli;

/// <summary>Checks that the API server answers GET /version, within a short timeout.</summary>
public static class ApiServerProbe
{
    /// <summary>The server's version; throws <see cref="ApiServerUnreachableException"/> with a readable reason otherwise.</summary>
    public static async Task<VersionInfo> GetVersionAsync(KubernetesConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new k8s.Kubernetes(connection.Configuration);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await client.Version.GetCodeAsync(deadline.Token);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown during the probe surfaces from HttpClient in several shapes; it is a shutdown.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw Unreachable(connection, $"no answer within {timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(connection, Reason(e));
        }
        catch (HttpOperationException e)
        {
            throw Unreachable(connection, $"GET /version answered {(int)e.Response.StatusCode} {e.Response.ReasonPhrase}");
        }
    }

    private static ApiServerUnreachableException Unreachable(KubernetesConnection connection, string reason) =>
        new($"cannot reach the Kubernetes API server at {connection.Server} (from {connection.Source}): {reason}");

    private static string Reason(HttpRequestException e) =>
        e.InnerException is SocketException socket ? $"{socket.SocketErrorCode}: {socket.Message}" : e.Message;
}
