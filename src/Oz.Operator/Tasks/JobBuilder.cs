using k8s.Models;
using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks;

/// <summary>Builds the task Job of an AgentTask: a pure function of the task and the configuration.</summary>
public static class JobBuilder
{
    public static V1Job Build(AgentTask task, OperatorOptions options) =>
        throw new NotImplementedException("JobBuilder is being written (issue 2).");
}
