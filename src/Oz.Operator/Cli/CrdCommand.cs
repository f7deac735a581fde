using System.CommandLine;
using Oz.Crds.Generation;
using Oz.Operator.Hosting;

namespace Oz.Operator.Cli;

/// <summary>`oz-operator crd`: prints the operator's CustomResourceDefinitions, AgentTask and AgentTaskSchedule (for kubectl apply or GitOps).</summary>
public sealed class CrdCommand : ICliCommand
{
    public Command Create(CliContext context)
    {
        var command = new Command("crd", "Print the CustomResourceDefinitions (AgentTask, AgentTaskSchedule) as one YAML stream.");
        command.SetAction(_ =>
        {
            if (UnavailableInNativeBuild.IsNativeBuild)
            {
                return UnavailableInNativeBuild.Report(context, "crd", "the CRDs ship in the Helm chart and in config/crd");
            }

            try
            {
                context.Output.Write(CrdGenerator.GenerateAllYaml());
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
