namespace Oz.Operator.Cli;

/// <summary>Where a command's log lines go.</summary>
public enum LogStream
{
    /// <summary>stdout, the container log (`run`).</summary>
    StandardOutput,

    /// <summary>stderr, every level: stdout carries the command's own output (`preflight`'s report).</summary>
    StandardError,
}
