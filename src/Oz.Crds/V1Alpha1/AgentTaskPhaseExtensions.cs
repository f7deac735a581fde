namespace Oz.Crds.V1Alpha1;

public static class AgentTaskPhaseExtensions
{
    /// <summary>Terminal phases never change again.</summary>
    public static bool IsTerminal(this AgentTaskPhase phase) =>
        phase is AgentTaskPhase.Succeeded or AgentTaskPhase.Failed or AgentTaskPhase.Cancelled;
}
