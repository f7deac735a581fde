using k8s;
using Oz.Operator.Configuration;

namespace Oz.Operator.Preflight;

/// <summary>What every check works with: the client, the operator's configuration, the preflight settings and the id of this run.</summary>
public sealed record PreflightContext(IKubernetes Client, OperatorOptions Options, PreflightSettings Settings, string RunId, ILogger Logger)
{
    /// <summary>
    /// The deadline of a check's API requests: it ends after <see cref="PreflightSettings.RequestTimeout"/>
    /// or with <paramref name="cancellationToken"/>. The caller disposes it.
    /// </summary>
    public CancellationTokenSource StartRequestDeadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Settings.RequestTimeout);
        return deadline;
    }
}
