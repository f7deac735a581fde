using System.CommandLine;
using System.CommandLine.Parsing;
using Oz.Operator.Hosting;

namespace Oz.Operator.Cli;

/// <summary>The oz-operator command line: the root command (which runs the operator) and every <see cref="ICliCommand"/>.</summary>
public static class OzCli
{
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("Oz Operator: runs Oz agent tasks as Kubernetes Jobs. Without a command it runs the operator (see 'run').");
        RunCommand.Configure(root, context);
        foreach (var command in Commands.Select(command => command.Create(context)).OrderBy(command => command.Name, StringComparer.Ordinal))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs a command line; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parse = CreateRootCommand(context).Parse(args);
        var errors = parse.Errors.Select(error => error.Message).ToList();

        // The root command carries run's options (it runs the operator by default), so
        // "oz-operator --worker-id w render …" would parse, with the flag silently ignored.
        if (parse.CommandResult.Command is not RootCommand &&
            parse.RootCommandResult.Children.OfType<OptionResult>().FirstOrDefault(option => !option.Implicit) is { } misplaced)
        {
            errors.Add($"{misplaced.Option.Name} must come after the command ('{parse.CommandResult.Command.Name}')");
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                context.Error.WriteLine($"oz-operator: {error}");
            }

            context.Error.WriteLine("Run 'oz-operator --help' for usage.");
            return ExitCodes.InvalidConfiguration;
        }

        var invocation = new InvocationConfiguration
        {
            Output = context.Output,
            Error = context.Error,
            ProcessTerminationTimeout = context.HandleTerminationSignals ? TimeSpan.FromSeconds(30) : null,
        };
        return await parse.InvokeAsync(invocation, cancellationToken);
    }

    /// <summary>
    /// Every subcommand, listed rather than found by reflection over the assembly's types: a trimmed
    /// or Native AOT build keeps only the types the code names (a test checks that every
    /// <see cref="ICliCommand"/> is here).
    /// </summary>
    internal static IReadOnlyList<ICliCommand> Commands { get; } =
        [new ConfigCommand(), new CrdCommand(), new PreflightCommand(), new RenderCommand(), new RunCommand(), new VersionCommand()];
}
