using Oz.Operator.Cli;

namespace Oz.Operator.Tests.Cli;

public sealed class OzCliCommandsTests
{
    [Test]
    public void EveryCommandInTheAssemblyIsListed()
    {
        // The list replaces discovery by reflection (which a Native AOT build cannot do): a new
        // command class that is not added to it would be silently missing from the command line.
        var implemented = typeof(OzCli).Assembly.GetTypes()
            .Where(type => type is { IsAbstract: false, IsInterface: false } && typeof(ICliCommand).IsAssignableFrom(type))
            .Select(type => type.Name)
            .Order(StringComparer.Ordinal);

        Assert.That(OzCli.Commands.Select(command => command.GetType().Name).Order(StringComparer.Ordinal), Is.EqualTo(implemented));
    }

    [Test]
    public void TheRootCommandHasEveryListedCommand()
    {
        var root = OzCli.CreateRootCommand(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>()));

        Assert.That(root.Subcommands.Select(command => command.Name), Is.EqualTo(new[] { "config", "crd", "preflight", "render", "run", "version" }));
    }
}
