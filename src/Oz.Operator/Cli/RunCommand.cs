using System.CommandLine;
using Oz.Operator.Hosting;
using Oz.Operator.Telemetry.Logging;

namespace Oz.Operator.Cli;

/// <summary>
/// `oz-operator run` (also what runs when no command is given): validate the configuration,
/// find the cluster, check that its API server answers, then hand over to <see cref="OperatorHost"/>.
/// </summary>
public sealed class RunCommand : ICliCommand
{
    public Command Create(CliContext context)
    {
        var command = new Command("run", "Run the operator (the default command).");
        Configure(command, context);
        return command;
    }

    /// <summary>Gives <paramref name="command"/> the options and action of `run`; also used for the root command.</summary>
    public static void Configure(Command command, CliContext context)
    {
        var configuration = new ConfigurationCliOptions();
        configuration.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, configuration, context, cancellationToken));
    }

    private static async Task<int> RunAsync(ParseResult parse, ConfigurationCliOptions configuration, CliContext context, CancellationToken cancellationToken)
    {
        if (configuration.LoadOrReport(parse, context) is not { } options)
        {
            return ExitCodes.InvalidConfiguration;
        }

        if (ClusterConnection.ResolveOrReport(options, context) is not { } connection)
        {
            return ExitCodes.RuntimeError;
        }

        // One redactor for the whole process: the log formatters mask what the operator registers on it
        // (the API key now, each task's Secret values as the Oz bridge creates them).
        var redactor = SecretRedactor.FromEnvironment(context.Environment);
        var ownsLoggerFactory = context.LoggerFactory is null;
        var loggerFactory = context.LoggerFactory ?? LoggingSetup.Create(options, redactor);
        try
        {
            var version = await ApiServerProbe.GetVersionAsync(connection, context.ApiServerTimeout, cancellationToken);
            loggerFactory.CreateLogger("Oz.Operator").LogInformation(
                "Connected to {Server} (Kubernetes {Version}) using {Source}", connection.Server, version.GitVersion, connection.Source);
            // POD_NAME, POD_NAMESPACE and WARP_API_KEY come from the same environment as the configuration.
            return await OperatorHost.RunAsync(options, connection, loggerFactory, redactor, cancellationToken, name => context.Environment.GetValueOrDefault(name));
        }
        catch (ApiServerUnreachableException e)
        {
            context.Error.WriteLine($"oz-operator: {e.Message}");
            return ExitCodes.RuntimeError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        finally
        {
            if (ownsLoggerFactory)
            {
                loggerFactory.Dispose();
            }
        }
    }
}
