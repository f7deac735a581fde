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

    /// <summary>Where Kubernetes reads a container's termination message (the default terminationMessagePath).</summary>
    public const string TerminationLog = "/dev/termination-log";

    /// <summary>How the termination message of a task whose teardown failed after the agent succeeded starts.</summary>
    public const string TeardownFailureMessage = "oz-task: teardown command failed with exit code";

    /// <summary>The wrapper for the real pod.</summary>
    public static string Build(string? teardownCommand, bool teardownFailureFailsTask = true) =>
        Build(teardownCommand, TaskPodLayout.AgentEntrypoint, teardownFailureFailsTask, TerminationLog);

    /// <summary>Whether a task container's termination message says its teardown failed after the agent succeeded.</summary>
    public static bool IsTeardownFailure(string? terminationMessage) =>
        terminationMessage?.TrimStart().StartsWith(TeardownFailureMessage, StringComparison.Ordinal) == true;

    /// <summary>
    /// Without a teardown command the wrapper execs the agent, which then receives signals itself.
    /// With one, the agent runs as a child: the teardown runs once after the agent exits on its own
    /// or after SIGTERM/SIGINT (forwarded to the agent, which is waited for). The wrapper exits with
    /// the agent's exit code — a preStop hook alone would miss the normal exit — except when the
    /// agent succeeded, the teardown failed and <paramref name="teardownFailureFailsTask"/> is set:
    /// then it writes <see cref="TeardownFailureMessage"/> to the termination message and exits with
    /// the teardown's code, so the task fails with TeardownCommand. The agent's own failure always wins.
    /// </summary>
    /// <param name="teardownCommand">Shell command; blank means none.</param>
    /// <param name="entrypoint">The agent entrypoint; tests point it at a fake.</param>
    /// <param name="teardownFailureFailsTask">Whether a failing teardown after a successful agent fails the task.</param>
    /// <param name="terminationLog">The termination message file; tests point it at a temp file.</param>
    internal static string Build(string? teardownCommand, string entrypoint, bool teardownFailureFailsTask, string terminationLog)
    {
        // The agent sidecar's entrypoint is a POSIX sh script (the reference worker runs it with
        // /bin/sh too), so neither its exec bit nor its shebang matter.
        var agent = "/bin/sh " + ShellQuoting.Quote(entrypoint) + " \"$@\"";
        if (string.IsNullOrWhiteSpace(teardownCommand))
        {
            return SourceEnvironmentFile + "\nexec " + agent + "\n";
        }

        var failsTask = teardownFailureFailsTask ? "1" : "0";
        return SourceEnvironmentFile + "\n" +
            $$"""
            oz_teardown_done=0
            oz_teardown_code=0
            oz_agent_pid=
            oz_agent_code=
            oz_teardown() {
              [ "$oz_teardown_done" = 1 ] && return 0
              oz_teardown_done=1
              /bin/sh -c {{ShellQuoting.Quote(teardownCommand)}} || {
                oz_teardown_code=$?
                echo "{{TeardownFailureMessage}} $oz_teardown_code" >&2
              }
            }
            oz_exit() {
              if [ "${oz_agent_code:-143}" = 0 ] && [ "$oz_teardown_code" != 0 ] && [ {{failsTask}} = 1 ]; then
                printf '%s %s\n' "{{TeardownFailureMessage}}" "$oz_teardown_code" > {{ShellQuoting.Quote(terminationLog)}} 2>/dev/null || true
                exit "$oz_teardown_code"
              fi
              exit "${oz_agent_code:-143}"
            }
            oz_on_signal() {
              trap '' TERM INT
              if [ -z "$oz_agent_code" ] && [ -n "$oz_agent_pid" ]; then
                kill -TERM "$oz_agent_pid" 2>/dev/null
                wait "$oz_agent_pid"
                oz_agent_code=$?
              fi
              oz_teardown
              oz_exit
            }
            trap oz_on_signal TERM INT
            {{agent}} <&0 &
            oz_agent_pid=$!
            wait "$oz_agent_pid"
            oz_agent_code=$?
            oz_teardown
            oz_exit

            """;
    }
}
