using System.CommandLine;
using Oz.Crds.Generation;

namespace Oz.Operator.Cli;

/// <summary>`oz-operator crd`: prints the AgentTask CustomResourceDefinition (for kubectl apply or GitOps).</summary>
public sealed class CrdCommand : ICliCommand
{
    public Command Create(CliContext context)
    {
        var command = new Command("crd", "Print the AgentTask CustomResourceDefinition YAML.");
        command.SetAction(_ =>
        {
            try
            {
                context.Output.Write(CrdGenerator.GenerateYaml());
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is NotImplementedException or InvalidOperationException)
            {
                context.Error.WriteLine($"oz-operator: cannot generate the CRD: {e.Message}");
                return ExitCodes.RuntimeError;
            }
        });
        return command;
    }
}
