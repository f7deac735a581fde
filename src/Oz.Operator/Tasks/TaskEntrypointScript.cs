namespace Oz.Operator.Tasks;

/// <summary>
/// The shell script the task container runs as <c>/bin/sh -c SCRIPT oz-task ARG…</c>: the agent's
/// arguments are positional parameters, so they are never re-parsed by a shell.
/// </summary>
public static class TaskEntrypointScript
{
    /// <summary>$0 of the wrapper, shown in process listings.</summary>
    public const string ScriptName = "oz-task";

    // Variables written by the setup command (KEY=VAL lines) become exported environment variables.
    private const string SourceEnvironmentFile =
        """
        if [ -n "${OZ_ENVIRONMENT_FILE:-}" ] && [ -f "$OZ_ENVIRONMENT_FILE" ]; then
          set -a
          . "$OZ_ENVIRONMENT_FILE"
          set +a
        fi
        """;

    /// <summary>The wrapper for the real pod.</summary>
    public static string Build(string? teardownCommand) => Build(teardownCommand, TaskPodLayout.AgentEntrypoint);

    /// <summary>
    /// Without a teardown command the wrapper execs the agent, which then receives signals itself.
    /// With one, the agent runs as a child: the teardown runs once after the agent exits on its own
    /// or after SIGTERM/SIGINT (forwarded to the agent, which is waited for), and the wrapper exits
    /// with the agent's exit code — a preStop hook alone would miss the normal exit.
    /// </summary>
    /// <param name="teardownCommand">Shell command; blank means none.</param>
    /// <param name="entrypoint">The agent entrypoint; tests point it at a fake.</param>
    internal static string Build(string? teardownCommand, string entrypoint)
    {
        // The agent sidecar's entrypoint is a POSIX sh script (the reference worker runs it with
        // /bin/sh too), so neither its exec bit nor its shebang matter.
        var agent = "/bin/sh " + ShellQuoting.Quote(entrypoint) + " \"$@\"";
        if (string.IsNullOrWhiteSpace(teardownCommand))
        {
            return SourceEnvironmentFile + "\nexec " + agent + "\n";
        }

        return SourceEnvironmentFile + "\n" +
            $$"""
            oz_teardown_done=0
            oz_agent_pid=
            oz_agent_code=
            oz_teardown() {
              [ "$oz_teardown_done" = 1 ] && return 0
              oz_teardown_done=1
              /bin/sh -c {{ShellQuoting.Quote(teardownCommand)}} || echo "oz-task: teardown command failed with exit code $?" >&2
            }
            oz_on_signal() {
              trap '' TERM INT
              if [ -z "$oz_agent_code" ] && [ -n "$oz_agent_pid" ]; then
                kill -TERM "$oz_agent_pid" 2>/dev/null
                wait "$oz_agent_pid"
                oz_agent_code=$?
              fi
              oz_teardown
              exit "${oz_agent_code:-143}"
            }
            trap oz_on_signal TERM INT
            {{agent}} <&0 &
            oz_agent_pid=$!
            wait "$oz_agent_pid"
            oz_agent_code=$?
            oz_teardown
            exit "$oz_agent_code"

            """;
    }
}
