using System.CommandLine;
using Oz.Operator.Configuration;
using Oz.Operator.Hosting;
using Oz.Operator.Preflight;

namespace Oz.Operator.Cli;

/// <summary>
/// `oz-operator preflight`: runs the preflight checks against the configured cluster and prints the
/// report. Exit 0 when they pass, 3 when one fails, 2 on invalid configuration, 1 when no cluster
/// configuration can be found. Logs go to stderr so that stdout carries only the report.
/// </summary>
public sealed class PreflightCommand : ICliCommand
{
    public Command Create(CliContext context)
    {
        var command = new Command("preflight", "Check that the cluster can run tasks (API server, CRD, permissions, admission, a real Job) and print the report.");
        var output = new Option<string>("--output", "-o") { Description = "Report format.", DefaultValueFactory = _ => "table", HelpName = "table|json" };
        output.AcceptOnlyFromAmong("table", "json");
        var timeout = new Option<string>("--timeout") { Description = "How long the preflight Job may take (e.g. 2m, 30s); default: preflightTimeout.", HelpName = "duration" };
        var configuration = new ConfigurationCliOptions();
        command.Options.Add(output);
        command.Options.Add(timeout);
        configuration.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
            RunAsync(configuration, parse, parse.GetValue(output) ?? "table", parse.GetValue(timeout), context, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        ConfigurationCliOptions configuration, ParseResult parse, string output, string? timeoutText, CliContext context, CancellationToken cancellationToken)
    {
        var timeout = TimeSpan.Zero;
        if (timeoutText is not null && (!GoDuration.TryParse(timeoutText, out timeout) || timeout <= TimeSpan.Zero))
        {
            context.Error.WriteLine($"oz-operator: --timeout: '{timeoutText}' is not a positive duration (e.g. 90s, 2m)");
            return ExitCodes.InvalidConfiguration;
        }

        if (configuration.LoadOrReport(parse, context) is not { } options)
        {
            return ExitCodes.InvalidConfiguration;
        }

        if (timeoutText is null)
        {
            timeout = options.PreflightTimeout;
        }

        if (ClusterConnection.ResolveOrReport(options, context) is not { } connection)
        {
            return ExitCodes.RuntimeError;
        }

        var ownsLoggerFactory = context.LoggerFactory is null;
        var loggerFactory = context.LoggerFactory ?? LoggingSetup.Create(options, LogStream.StandardError);
        try
        {
            using var client = new k8s.Kubernetes(connection.Configuration);
            var settings = new PreflightSettings
            {
                JobTimeout = timeout,
                RequestTimeout = context.ApiServerTimeout,

                // In the helm test pod, as in the operator's, the Lease lives in the pod's namespace.
                LeaseNamespace = context.Environment.TryGetValue("POD_NAMESPACE", out var podNamespace) && !string.IsNullOrWhiteSpace(podNamespace) ? podNamespace.Trim() : null,

                // A manual check from a laptop or a helm test is not the operator starting up.
                RecordPassedEvent = false,
            };
            var report = await new PreflightRunner(client, options, settings, loggerFactory.CreateLogger<PreflightRunner>()).RunAsync(cancellationToken);
            await context.Output.WriteAsync(output == "json" ? PreflightReportFormatter.Json(report) + Environment.NewLine : PreflightReportFormatter.Table(report));
            return report.Passed ? ExitCodes.Ok : ExitCodes.PreflightFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            context.Error.WriteLine("oz-operator: preflight interrupted");
            return ExitCodes.PreflightFailed;
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
