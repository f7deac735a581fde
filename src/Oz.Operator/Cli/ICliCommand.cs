using System.CommandLine;

namespace Oz.Operator.Cli;

/// <summary>
/// A subcommand of oz-operator, registered by being listed in <see cref="OzCli.Commands"/>.
/// </summary>
public interface ICliCommand
{
    Command Create(CliContext context);
}
