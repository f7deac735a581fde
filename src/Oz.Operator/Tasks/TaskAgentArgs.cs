using Oz.Crds.V1Alpha1;
using Oz.Operator.Configuration;

namespace Oz.Operator.Tasks;

/// <summary>
/// The arguments the task container passes to the agent entrypoint: <c>agent run</c> with the
/// task's prompt and run options (<see cref="TaskRunOptions"/>) when it has them, spec.args, then
/// <c>--idle-on-complete</c> with spec.idleOnComplete (the operator's idleOnComplete when absent)
/// unless the args already carry the flag.
/// </summary>
/// <remarks>
/// The Oz bridge writes the flag into spec.args itself (bare when neither the task nor the
/// operator sets a value), so its tasks, including those created by older versions, are passed
/// on unchanged; the flag is never given twice.
/// </remarks>
public static class TaskAgentArgs
{
    public const string IdleOnCompleteFlag = "--idle-on-complete";

    public static IReadOnlyList<string> For(AgentTaskSpec spec, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> args = [.. TaskRunOptions.Arguments(spec), .. spec.Args ?? []];
        var idle = IdleOnComplete(spec, options);
        return idle is null || CarriesIdleOnComplete(args) ? [.. args] : [.. args, IdleOnCompleteFlag, idle];
    }

    /// <summary>The task's value, else the operator's; null when neither is set.</summary>
    public static string? IdleOnComplete(AgentTaskSpec spec, OperatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        return !string.IsNullOrWhiteSpace(spec.IdleOnComplete) ? spec.IdleOnComplete.Trim()
            : !string.IsNullOrWhiteSpace(options.IdleOnComplete) ? options.IdleOnComplete.Trim()
            : null;
    }

    private static bool CarriesIdleOnComplete(IEnumerable<string> args) =>
        args.Any(a => a == IdleOnCompleteFlag || a?.StartsWith(IdleOnCompleteFlag + "=", StringComparison.Ordinal) == true);
}
