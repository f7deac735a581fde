namespace Oz.Operator.Configuration;

/// <summary>How a configuration value is written and parsed.</summary>
public enum ConfigValueKind
{
    String,
    Integer,
    Boolean,
    Duration,
    StringMap,
    PodSpec,

    /// <summary>A container's resource requests and limits (Kubernetes ResourceRequirements YAML); file only.</summary>
    Resources,

    /// <summary>Environment variables for task containers: a list of name and optional value.</summary>
    EnvList,
}
