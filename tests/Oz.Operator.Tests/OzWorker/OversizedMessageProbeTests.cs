using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>What is read from the start of a message too large to keep: its type and task id, or nothing.</summary>
public sealed class OversizedMessageProbeTests
{
    private static (string? Type, string? TaskId) Probe(string prefix) => OversizedMessageProbe.Read(Encoding.UTF8.GetBytes(prefix));

    [Test]
    public void TypeAndTaskIdAreReadFromACutOffAssignment() =>
        Assert.That(Probe("""{"type":"task_assignment","data":{"task_id":"t-1","task":{"prompt":"aaaaaaaa"""), Is.EqualTo(("task_assignment", "t-1")));

    [Test]
    public void ATaskIdNestedDeeperThanDataIsNotTheTasks() =>
        Assert.That(Probe("""{"type":"task_assignment","data":{"task":{"task_id":"inner"},"task_id":"outer","x":"aaaa"""), Is.EqualTo(("task_assignment", "outer")));

    [TestCase("""{"type":5,"data":{"task_id":"t-2","task":{"prompt":"aaaa""")]
    [TestCase("""{"type":{"name":"task_assignment"},"data":{"task_id":"t-2","task":{"prompt":"aaaa""")]
    [TestCase("""{"type":["task_assignment"],"data":{"task_id":"t-2","task":{"prompt":"aaaa""")]
    [TestCase("""{"type":null,"data":{"task_id":"t-2","task":{"prompt":"aaaa""")]
    public void ANonStringTypeIsUnknownAndTheTaskIdStillRead(string prefix) =>
        Assert.That(Probe(prefix), Is.EqualTo(((string?)null, "t-2")));

    [Test]
    public void ANonStringTypeWithATaskIdIsRejectedByIdLikeTheParserDoes()
    {
        var (type, taskId) = Probe("""{"type":5,"data":{"task_id":"t-3","task":{"prompt":"aaaa""");
        var parsed = OzMessageParser.Parse("""{"type":5,"data":{"task_id":"t-3"}}""");

        Assert.That(OversizedMessages.CanReject(new OversizedMessage(type, taskId, 5_000_000, 4_194_304)), Is.True);
        Assert.That(parsed, Is.TypeOf<MalformedMessage>().With.Property(nameof(MalformedMessage.TaskId)).EqualTo("t-3"));
    }

    [Test]
    public void NotJsonYieldsNothing() =>
        Assert.That(Probe("not json at all"), Is.EqualTo(((string?)null, (string?)null)));

    [Test]
    public void AMessageOfAnotherTypeIsNotRejectedByTaskId() =>
        Assert.That(OversizedMessages.CanReject(new OversizedMessage("task_cancellation", "t-4", 5_000_000, 4_194_304)), Is.False);
}
