namespace Oz.Operator.Hosting;

/// <summary>The process exit codes of oz-operator (documented in docs/configuration.md).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>A runtime failure: the cluster is unreachable, a file cannot be rendered, …</summary>
    public const int RuntimeError = 1;

    /// <summary>Invalid configuration or command-line usage; nothing was sent to the cluster.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>The preflight checks found a problem with the cluster; no task was accepted.</summary>
    public const int PreflightFailed = 3;
}
