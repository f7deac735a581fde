using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.Fuzz;

/// <summary>
/// The Oz message parser reads what the server sends: whatever arrives, it answers with a message
/// (or a MalformedMessage) — it never throws, never hangs, and what it returns is no larger than
/// what came in.
/// </summary>
public sealed class OzMessageParserFuzzTests
{
    private static readonly string[] Seeds =
    [
        OzMessages.Assignment("t-1", "e-1", d =>
        {
            d["additional_sidecars"] = new JsonArray(new JsonObject { ["image"] = "tools:1", ["mount_path"] = "/tools", ["read_write"] = true });
            d["instance_shape"] = new JsonObject { ["vcpus"] = 0.5, ["memory_gb"] = 1.5 };
        }),
        OzMessages.Cancellation("t-2"),
        OzMessages.Envelope("heartbeat", new JsonObject()),
    ];

    [Test]
    public void ArbitraryFramesAlwaysParseToAMessage()
    {
        var tried = Fuzzer.Run(nameof(ArbitraryFramesAlwaysParseToAMessage), r => Fuzzer.Arbitrary(r, 400), ParsesWithinBounds);

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public void MutatedFramesAlwaysParseToAMessage()
    {
        var tried = Fuzzer.Run(nameof(MutatedFramesAlwaysParseToAMessage), r => Fuzzer.Mutate(r, Seeds[r.Next(Seeds.Length)]), ParsesWithinBounds);

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public void DeeplyNestedFramesAreMalformedNotAStackOverflow()
    {
        var nested = OzMessages.Envelope("task_assignment", null).Replace("null", new string('[', 100_000) + new string(']', 100_000), StringComparison.Ordinal);

        Assert.That(OzMessageParser.Parse(nested), Is.InstanceOf<MalformedMessage>());
    }

    // Finding: an escaped lone surrogate is valid JSON, but reading it as a .NET string throws
    // InvalidOperationException ("Cannot read invalid UTF-16 JSON text as string"); it escaped the parser.
    [TestCase("""{"type":"\ud800","data":{}}""", TestName = "ALoneSurrogateInTheTypeIsAMalformedMessage")]
    [TestCase("""{"type":"task_cancellation","data":{"task_id":"\udc00"}}""", TestName = "ALoneSurrogateInACancelledTaskIdIsAMalformedMessage")]
    [TestCase("""{"\ud800":1,"type":"task_assignment","data":{}}""", TestName = "ALoneSurrogateInAPropertyNameIsAMalformedMessage")]
    [TestCase("""{"type":"task_assignment","data":{"task":{"id":"\ud800x"}}}""", TestName = "ALoneSurrogateInAnAssignedTaskIdIsAMalformedMessage")]
    public void LoneSurrogateFindings(string frame) =>
        Assert.That(OzMessageParser.Parse(frame), Is.InstanceOf<MalformedMessage>());

    // Finding: a raw lone surrogate in the frame has no UTF-8 form; JsonDocument.Parse threw ArgumentException.
    [Test]
    public void ARawLoneSurrogateInTheFrameIsAMalformedMessage() =>
        Assert.That(OzMessageParser.Parse("{\"type\":\"task_cancellation\",\"d\udfff\":{\"task_id\":\"t-2\"}}"), Is.InstanceOf<MalformedMessage>());

    private static void ParsesWithinBounds(string frame)
    {
        var message = OzMessageParser.Parse(frame);

        Assert.That(message, Is.Not.Null);
        if (message is MalformedMessage malformed)
        {
            // The error text quotes at most a bounded part of the input, the recovered id no more than the input.
            Assert.That(malformed.Error.Length, Is.LessThanOrEqualTo(frame.Length + 400), frame);
            Assert.That(malformed.TaskId?.Length ?? 0, Is.LessThanOrEqualTo(frame.Length));
        }
        else if (message is UnknownMessage unknown)
        {
            Assert.That(unknown.Type.Length, Is.LessThanOrEqualTo(frame.Length));
        }
    }
}
