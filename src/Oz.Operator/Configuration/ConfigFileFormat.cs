namespace Oz.Operator.Configuration;

/// <summary>Which of the two file formats a configuration file is written in.</summary>
public enum ConfigFileFormat
{
    /// <summary>Decided by the file's top-level keys (see <see cref="ConfigFileFormats"/>).</summary>
    Auto,

    /// <summary>This operator's camelCase keys (workerId, podTemplate, …).</summary>
    Native,

    /// <summary>The oz-agent-worker file: worker_id, max_concurrent_tasks, backend.kubernetes.* in snake_case.</summary>
    Reference,
}
