using System.Net;
using System.Runtime.ExceptionServices;
using k8s.Autorest;

namespace Oz.Operator.Preflight;

/// <summary>
/// Retries an API call that failed transiently (429 Too Many Requests, 5xx, a connection that broke
/// or a request that timed out on the client) until its deadline, so a busy API server does not
/// fail preflight — and with it the operator's start — on bad answers that a later attempt would
/// not get. Honours Retry-After (capped), otherwise backs off exponentially from 100 ms to
/// <see cref="MaxDelay"/>. When the deadline passes during a backoff the last error is thrown, so
/// the report says what the server answered rather than "timed out". Any other answer (400, 401,
/// 403, 404, 409, 422) is the server's verdict and is thrown at once. The call must be safe to send
/// again: a read, a dry run, or a create whose caller takes AlreadyExists on a retry as its own
/// earlier success.
/// </summary>
internal static class TransientRetry
{
    /// <summary>The longest wait between two attempts.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(5);

    /// <param name="call">The request.</param>
    /// <param name="deadline">Ends the retrying (the check's own deadline, linked to <paramref name="stop"/>).</param>
    /// <param name="stop">The caller's cancellation: when it fires, the wait ends with <see cref="OperationCanceledException"/>, not the last error.</param>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken deadline, CancellationToken stop = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception failure;
            TimeSpan delay;
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (IsTransient(e.Response.StatusCode))
            {
                (failure, delay) = (e, DelayBefore(attempt, e.Response));
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !deadline.IsCancellationRequested))
            {
                // A broken connection or the HTTP client's own timeout: the request may not have arrived.
                (failure, delay) = (e, Backoff(attempt));
            }

            try
            {
                await Task.Delay(delay, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }
    }

    public static bool IsTransient(HttpStatusCode code) => code == HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static TimeSpan DelayBefore(int attempt, HttpResponseMessageWrapper response)
    {
        if (response.Headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds) < MaxDelay ? TimeSpan.FromSeconds(seconds) : MaxDelay;
        }

        return Backoff(attempt);
    }

    private static TimeSpan Backoff(int attempt)
    {
        var delay = TimeSpan.FromMilliseconds(100 * Math.Pow(2, Math.Min(attempt - 1, 10)));
        return delay < MaxDelay ? delay : MaxDelay;
    }
}
