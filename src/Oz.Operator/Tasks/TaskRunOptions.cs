using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tasks;

/// <summary>
/// The <c>agent run</c> arguments of a task that says what to do itself (spec.prompt and the run
/// options), as the Oz CLI takes them for a local run: --prompt, --model, --profile, --skill,
/// --environment and --mcp (once per server). Empty for a task without them (an Oz task, or one
/// that spells out its own args).
/// </summary>
/// <remarks>
/// The values sit in the container's command, where the kubelet replaces $(NAME) with the
/// variable NAME of the container's environment; "$(" is written "$$(" so a prompt reaches the
/// agent exactly as written and cannot read the task's Secrets into its text.
/// </remarks>
public static class TaskRunOptions
{
    public const string PromptFlag = "--prompt";

    public static bool Present(AgentTaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Prompt is not null || spec.Model is not null || spec.Profile is not null || spec.Skill is not null
            || spec.Environment is not null || spec.McpServers is { Count: > 0 };
    }

    public static IReadOnlyList<string> Arguments(AgentTaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Present(spec))
        {
            return [];
        }

        var args = new List<string> { "agent", "run" };
        Add(args, PromptFlag, spec.Prompt);
        Add(args, "--model", spec.Model);
        Add(args, "--profile", spec.Profile);
        Add(args, "--skill", spec.Skill);
        Add(args, "--environment", spec.Environment);
        foreach (var server in spec.McpServers ?? [])
        {
            Add(args, "--mcp", server.Id);
        }

        return args;
    }

    /// <summary>Why the task's args conflict with its run options; null when they do not.</summary>
    public static string? ArgsProblem(AgentTaskSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Present(spec))
        {
            return null;
        }

        var clash = (spec.Args ?? []).FirstOrDefault(a => a is not null && (IsFlag(a, "--task-id") || IsFlag(a, PromptFlag)));
        return clash is null ? null
            : $"spec.args carries {clash.Split('=')[0]}, but the task has spec.prompt or run options: give either a prompt or an Oz task id, not both.";
    }

    private static bool IsFlag(string arg, string flag) => arg == flag || arg.StartsWith(flag + "=", StringComparison.Ordinal);

    private static void Add(List<string> args, string flag, string? value)
    {
        if (value is not null)
        {
            args.Add(flag);
            args.Add(value.Replace("$(", "$$(", StringComparison.Ordinal));
        }
    }
}
