using System.Globalization;
using System.Text.Json;
using Oz.Operator.OzWorker.Protocol;
using Oz.Operator.Tasks;

namespace Oz.Operator.OzWorker.Mapping;

/// <summary>
/// The arguments of the agent entrypoint for an Oz task, in the order the Oz worker protocol gives:
/// identity, team sharing, flags from the config snapshot, the server's extra args, then
/// <c>--idle-on-complete</c>. Matches the reference worker (oz-agent-worker) at 3382ab6
/// (2026-08-04), including the computer-use default and the Bedrock role flags.
/// </summary>
public static class AgentArgs
{
    public static IReadOnlyList<string> Build(TaskAssignment assignment, string serverRootUrl, string? operatorIdleOnComplete)
    {
        var task = assignment.Task ?? new OzTask();
        var args = new List<string> { "agent", "run", "--task-id", task.Id ?? assignment.TaskId ?? "", "--sandboxed", "--server-root-url", serverRootUrl };

        if (task.Owner?.IsTeam == true)
        {
            args.AddRange(["--share", "team:edit"]);
        }

        if (task.AgentConfigSnapshot is { } snapshot)
        {
            AddSnapshotFlags(args, snapshot);
        }

        foreach (var extra in assignment.AdditionalOzArgs ?? [])
        {
            if (!string.IsNullOrEmpty(extra))
            {
                args.Add(extra);
            }
        }

        args.Add("--idle-on-complete");
        var idle = IdleOnComplete(task.AgentConfigSnapshot, operatorIdleOnComplete);
        if (idle is not null)
        {
            args.Add(idle);
        }

        return args;
    }

    /// <summary>The task's own idle timeout wins, then the operator's setting; null means the bare flag.</summary>
    public static string? IdleOnComplete(AgentConfigSnapshot? snapshot, string? operatorIdleOnComplete)
    {
        if (snapshot?.IdleTimeoutMinutes is > 0 and var minutes)
        {
            return minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        return string.IsNullOrWhiteSpace(operatorIdleOnComplete) ? null : operatorIdleOnComplete.Trim();
    }

    private static void AddSnapshotFlags(List<string> args, AgentConfigSnapshot snapshot)
    {
        // Third-party harnesses carry their own model; --model is for the Oz harness only.
        if (HarnessConfig.IsOz(snapshot.Harness))
        {
            AddValue(args, "--model", snapshot.ModelId);
        }

        AddValue(args, "--profile", snapshot.ProfileId);
        AddValue(args, "--skill", snapshot.SkillSpec);

        // The configuration itself (often holding tokens) is in the task's env Secret, mounted as a file.
        if (McpServersJson(snapshot) is not null)
        {
            args.AddRange(["--mcp", McpServersFile.Path]);
        }

        // Unset means on for the Oz harness and off for third-party harnesses (the reference worker
        // since 2026-08 follows the server's own default the same way).
        var computerUse = snapshot.ComputerUseEnabled ?? HarnessConfig.IsOz(snapshot.Harness);
        args.Add(computerUse ? "--computer-use" : "--no-computer-use");

        if (snapshot.InferenceProviders?.Aws is { Disabled: false } aws && !string.IsNullOrWhiteSpace(aws.RoleArn))
        {
            AddValue(args, "--bedrock-inference-role", aws.RoleArn);
            AddValue(args, "--bedrock-role-region", aws.Region);
        }

        AddValue(args, "--harness", snapshot.Harness?.Type);

        var share = snapshot.SessionSharing?.PublicAccess?.Trim().ToUpperInvariant() switch
        {
            SessionSharing.Viewer => "public:view",
            SessionSharing.Editor => "public:edit",
            _ => null,
        };
        AddValue(args, "--share", share);

        if (snapshot.SnapshotDisabled == true)
        {
            args.Add("--no-snapshot");
        }

        AddSeconds(args, "--snapshot-upload-timeout", snapshot.SnapshotUploadTimeoutSecs);
        AddSeconds(args, "--snapshot-script-timeout", snapshot.SnapshotScriptTimeoutSecs);
        AddValue(args, "--environment", snapshot.EnvironmentId);
    }

    /// <summary>The snapshot's MCP server definitions as JSON; null when it has none.</summary>
    public static string? McpServersJson(AgentConfigSnapshot? snapshot) =>
        snapshot?.McpServers is { ValueKind: JsonValueKind.Object } mcp && mcp.EnumerateObject().Any() ? JsonSerializer.Serialize(mcp) : null;

    private static void AddValue(List<string> args, string flag, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            args.AddRange([flag, value.Trim()]);
        }
    }

    private static void AddSeconds(List<string> args, string flag, int? seconds)
    {
        if (seconds is > 0 and var value)
        {
            args.AddRange([flag, value.ToString(CultureInfo.InvariantCulture) + "s"]);
        }
    }
}
