using System.CommandLine;

namespace Oz.Operator.Cli;

/// <summary>
/// A subcommand of oz-operator. Every non-abstract implementation with a parameterless constructor
/// in this assembly is registered by <see cref="OzCli"/>: adding a command is adding one file.
/// </summary>
public interface ICliCommand
{
    Command Create(CliContext context);
}
