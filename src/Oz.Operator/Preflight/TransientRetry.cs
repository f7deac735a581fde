using System.Net;
using k8s.Autorest;

namespace Oz.Operator.Preflight;

/// <summary>
/// Retries an API call that failed transiently (429 Too Many Requests, 5xx), so a busy API server
/// does not fail preflight — and with it the operator's start — on one bad answer. Honours
/// Retry-After (capped), otherwise backs off from 100 ms. The call must be safe to send again: a
/// read, a dry run, or a create whose caller takes AlreadyExists on a retry as its own earlier success.
/// </summary>
internal static class TransientRetry
{
    private const int Attempts = 4;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(2);

    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (attempt < Attempts && IsTransient(e.Response.StatusCode))
            {
                await Task.Delay(DelayBefore(attempt, e.Response), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsTransient(HttpStatusCode code) => code == HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static TimeSpan DelayBefore(int attempt, HttpResponseMessageWrapper response)
    {
        if (response.Headers.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds) < MaxDelay ? TimeSpan.FromSeconds(seconds) : MaxDelay;
        }

        return TimeSpan.FromMilliseconds(100 * (1 << (attempt - 1)));
    }
}
