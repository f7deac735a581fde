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
}
