namespace Oz.Chart.Tests.Rendering;

/// <summary>values.schema.json: wrong types and missing required values stop `helm template` with a readable message.</summary>
[TestFixture(3)]
[TestFixture(4)]
public sealed class SchemaTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    private const string SchemaFailure = "values don't meet the specifications of the schema";

    private static IEnumerable<TestCaseData> Rejections()
    {
        // name, arguments, the value path the message must name
        yield return Case("MissingImageTag", ["--set-string", "worker.workerId=w"], "tag");
        yield return Case("MissingWorkerId", ["--set-string", "image.tag=0.1.0"], "workerId");
        yield return Case("ReservedWorkerId", ["--set-string", "image.tag=0.1.0", "--set-string", "worker.workerId=warp-1"], "workerId");
        yield return Case("ReplicaCountNotAnInteger", [.. Valid, "--set-string", "replicaCount=two"], "replicaCount");
        yield return Case("CrdsInstallNotABoolean", [.. Valid, "--set-string", "crds.install=yes"], "install");
        yield return Case("MaxConcurrentTasksNotAnInteger", [.. Valid, "--set-string", "worker.maxConcurrentTasks=many"], "maxConcurrentTasks");
        yield return Case("ImageTagNotAString", ["--set-string", "worker.workerId=w", "--set", "image.tag=1"], "tag");
        yield return Case("UnknownLogLevel", [.. Valid, "--set", "logLevel=Verbose"], "logLevel");
        yield return Case("BadDuration", [.. Valid, "--set", "worker.taskRetention=forever"], "taskRetention");
        yield return Case("UnknownWorkerKey", [.. Valid, "--set", "worker.namepsace=x"], "namepsace");
        yield return Case("UnknownTopLevelKey", [.. Valid, "--set", "replicas=2"], "replicas");
        yield return Case("UnknownPodSecurityLevel", [.. Valid, "--set", "taskNamespace.podSecurity.enforce=strict"], "enforce");
        yield return Case("MalformedPodSecurityVersion", [.. Valid, "--set", "taskNamespace.podSecurity.warnVersion=1.31"], "warnVersion");
    }

    private static string[] Valid => ["--set-string", "image.tag=0.1.0", "--set-string", "worker.workerId=w"];

    private static TestCaseData Case(string name, string[] arguments, string mentioned) =>
        new TestCaseData(arguments, mentioned).SetArgDisplayNames(name);

    [TestCaseSource(nameof(Rejections))]
    public void InvalidValuesAreRejectedWithAMessageNamingTheValue(string[] arguments, string mentioned)
    {
        var result = TemplateRaw(arguments);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
            Assert.That(result.StandardError, Does.Contain(SchemaFailure));
            Assert.That(result.StandardError, Does.Contain(mentioned));
        });
    }

    [Test]
    public void TheTwoRequiredValuesAreEnough()
    {
        var result = TemplateRaw(Valid);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
    }
}
