using Oz.Crds.V1Alpha1;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Telemetry.Logging;

public static class TaskLogScopeExtensions
{
    /// <summary>Every line logged inside the scope carries the task's TaskId, AgentTask and Job.</summary>
    public static IDisposable? BeginTaskScope(this ILogger logger, AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return logger.BeginScope(TaskLogScope.For(ObjectKey.Of(task), task));
    }

    /// <inheritdoc cref="BeginTaskScope(ILogger, AgentTask)"/>
    public static IDisposable? BeginTaskScope(this ILogger logger, ObjectKey key, AgentTask? task) =>
        logger.BeginScope(TaskLogScope.For(key, task));

    /// <summary>For work on an Oz task before (or without) its AgentTask, e.g. an Oz message.</summary>
    public static IDisposable? BeginTaskScope(this ILogger logger, string taskId, ObjectKey? agentTask = null) =>
        logger.BeginScope(new TaskLogScope(taskId, agentTask, agentTask is { } key ? JobNaming.JobNameFor(key.Namespace, key.Name) : null));
}
