using k8s;
using Oz.Operator.Kubernetes;

namespace Oz.Operator.Preflight.Checks;

/// <summary>The API server answers GET /version. Every other check needs it.</summary>
public sealed class ApiServerCheck : IPreflightCheck
{
    public const string CheckName = "api-server";

    public string Name => CheckName;

    public async Task<PreflightCheckResult> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = context.StartRequestDeadline(cancellationToken);
        try
        {
            var version = await TransientRetry.RunAsync(() => context.Client.Version.GetCodeAsync(deadline.Token), deadline.Token, cancellationToken);
            return PreflightCheckResult.Pass(Name, $"Kubernetes {version.GitVersion} at {context.Client.BaseUri}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var why = e is OperationCanceledException ? $"no answer within {context.Settings.RequestTimeout.TotalSeconds:0.#}s" : ApiErrors.Message(e);
            return PreflightCheckResult.Fail(
                Name,
                "Unreachable",
                e is k8s.Autorest.HttpOperationException
                    ? $"the API server at {context.Client.BaseUri} answered GET /version with an error: {why}"
                    : $"cannot reach the API server at {context.Client.BaseUri}: {why}",
                "check --kubeconfig / KUBECONFIG (or the in-cluster service account) and that the API server is reachable from here");
        }
    }
}
