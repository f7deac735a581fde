using System.CommandLine;
using Oz.Operator.Configuration;
using Oz.Operator.Configuration.Reference;
using Oz.Operator.Hosting;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Cli;

/// <summary>
/// `oz-operator config convert FILE`: prints an oz-agent-worker configuration file in this
/// operator's format, so users can move over when they like (the operator also reads the file as is).
/// </summary>
public sealed class ConfigCommand : ICliCommand
{
    public Command Create(CliContext context)
    {
        var command = new Command("config", "Work with configuration files.");
        var convert = new Command("convert", "Print an oz-agent-worker configuration file in this operator's format.");
        var file = new Argument<string>("file") { Description = "The oz-agent-worker configuration file (worker_id, backend.kubernetes.*)." };
        convert.Arguments.Add(file);
        convert.SetAction(parse => Convert(parse.GetRequiredValue(file), context));
        command.Subcommands.Add(convert);
        return command;
    }

    private static int Convert(string file, CliContext context)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            context.Error.WriteLine($"oz-operator: cannot read configuration file '{file}': {e.Message}");
            return ExitCodes.InvalidConfiguration;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            context.Error.WriteLine($"oz-operator: '{file}' is not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return ExitCodes.InvalidConfiguration;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            context.Error.WriteLine($"oz-operator: '{file}' is not a configuration file (expected one YAML mapping)");
            return ExitCodes.InvalidConfiguration;
        }

        var errors = new List<ConfigurationError>();
        var converted = NativeConfigWriter.Convert(root, errors);
        if (errors.Count > 0)
        {
            context.Error.WriteLine($"oz-operator: cannot convert '{file}' ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):");
            foreach (var error in errors)
            {
                context.Error.WriteLine($"  {error}");
            }

            return ExitCodes.InvalidConfiguration;
        }

        context.Output.Write(converted);
        return ExitCodes.Ok;
    }
}
