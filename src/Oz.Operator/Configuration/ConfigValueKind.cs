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

    /// <summary>A container's resource requests and limits (Kubernetes ResourceRequirements YAML); as text, JSON.</summary>
    Resources,

    /// <summary>Environment variables for task containers: a list of name and optional value.</summary>
    EnvList,

    /// <summary>A list of names: a YAML list (of names, or of mappings with a name) or "a,b" as text.</summary>
    NameList,

    /// <summary>Pod tolerations (Kubernetes Toleration YAML); as text, the same list in JSON or YAML flow style.</summary>
    Tolerations,
}
