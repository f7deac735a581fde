namespace Oz.Operator.Tests;

public sealed class SkeletonTests
{
    [Test]
    public void TerminalPhasesAreSucceededFailedCancelled()
    {
        var terminal = Enum.GetValues<AgentTaskPhase>().Where(p => p.IsTerminal());
        Assert.That(terminal, Is.EquivalentTo(new[] { AgentTaskPhase.Succeeded, AgentTaskPhase.Failed, AgentTaskPhase.Cancelled }));
    }
}
