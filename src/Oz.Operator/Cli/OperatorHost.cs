using Oz.Operator.Configuration;

namespace Oz.Operator.Cli;

/// <summary>
/// Where `run` hands over once the configuration is valid and the API server answers: the one
/// place the controller, leader election, telemetry and the Oz connection get started.
/// </summary>
public static class OperatorHost
{
    /// <summary>Runs until <paramref name="cancellationToken"/> fires (Ctrl-C, SIGTERM) and returns the exit code.</summary>
    public static async Task<int> RunAsync(
        OperatorOptions options,
        KubernetesConnection connection,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(connection);
        var logger = loggerFactory.CreateLogger("Oz.Operator");

        // The controller is built in its own issue; until it is plugged in here, the operator
        // stays up (so the deployment is healthy) and stops cleanly on shutdown.
        logger.LogInformation("Operator started for worker {WorkerId} in namespace {Namespace}", options.WorkerId, options.Namespace);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Shutting down");
        }

        return ExitCodes.Ok;
    }
}
