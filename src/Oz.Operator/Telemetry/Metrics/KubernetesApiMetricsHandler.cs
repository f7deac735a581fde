using System.Globalization;

namespace Oz.Operator.Telemetry.Metrics;

/// <summary>
/// Counts and times every request of a KubernetesClient, by verb, resource and status code:
/// <c>new Kubernetes(config, new KubernetesApiMetricsHandler(metrics))</c>. A request that gets no
/// response counts with code "error"; one cancelled by its caller (shutdown) does not count.
/// </summary>
public sealed class KubernetesApiMetricsHandler(OperatorMetrics metrics, TimeProvider? timeProvider = null) : DelegatingHandler
{
    /// <summary>The code label of a request that failed without an HTTP response.</summary>
    public const string ErrorCode = "error";

    private readonly TimeProvider time = timeProvider ?? TimeProvider.System;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (verb, resource) = KubernetesRequest.Classify(request.Method, request.RequestUri);
        var started = time.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            metrics.RecordApiRequest(verb, resource, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), time.GetElapsedTime(started));
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            metrics.RecordApiRequest(verb, resource, ErrorCode, time.GetElapsedTime(started));
            throw;
        }
    }
}
