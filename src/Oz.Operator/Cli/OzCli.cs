using System.CommandLine;
using System.Reflection;

namespace Oz.Operator.Cli;

/// <summary>The oz-operator command line: the root command (which runs the operator) and every <see cref="ICliCommand"/>.</summary>
public static class OzCli
{
    public static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand("Oz Operator: runs Oz agent tasks as Kubernetes Jobs. Without a command it runs the operator (see 'run').");
        RunCommand.Configure(root, context);
        foreach (var command in DiscoverCommands().Select(command => command.Create(context)).OrderBy(command => command.Name, StringComparer.Ordinal))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>Parses and runs a command line; returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static async Task<int> InvokeAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var parse = CreateRootCommand(context).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine($"oz-operator: {error.Message}");
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

    private static IEnumerable<ICliCommand> DiscoverCommands() =>
        typeof(OzCli).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(type) &&
                           type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
            .Select(type => (ICliCommand)Activator.CreateInstance(type)!);
}
