namespace Oz.Operator.Tests.OzWorker;

public sealed class OzFailureReasonMappingTests
{
    [Test]
    public void ARefusedJobCreateIsReportedAsJobCreate() =>
        Assert.That(OzFailureReasons.From(FailureReason.JobCreateRefused), Is.EqualTo("job_create"));

    [TestCase(FailureReason.PodSecurity, "container_create")]
    [TestCase(FailureReason.SecretNotAllowed, "job_create")]
    public void AFailureBeforeAnyPodRanIsReportedAsTheStepThatFailed(FailureReason reason, string expected) =>
        Assert.That(OzFailureReasons.From(reason), Is.EqualTo(expected));

    [TestCase(FailureReason.SidecarPrep, "sidecar_prep")]
    [TestCase(FailureReason.TeardownCommand, "teardown_command")]
    public void NewReasonsHaveTheirOwnProtocolString(FailureReason reason, string expected) =>
        Assert.That(OzFailureReasons.From(reason), Is.EqualTo(expected));

    [Test]
    public void TheReferenceListHasTheTwentySixStringsOfTheProtocol() =>
        Assert.That(OzFailureReasons.Reference.Distinct().Count(), Is.EqualTo(26));

    [Test]
    public void EveryReasonMapsToAReferenceStringAndOnlyAbsenceIsUnknown()
    {
        var mapped = Enum.GetValues<FailureReason>().ToDictionary(r => r, r => OzFailureReasons.From(r));

        Assert.Multiple(() =>
        {
            Assert.That(mapped.Values.Distinct(), Is.SubsetOf(OzFailureReasons.Reference));
            Assert.That(mapped.Where(kv => kv.Value == "unknown").Select(kv => kv.Key), Is.Empty);
            Assert.That(OzFailureReasons.From(null), Is.EqualTo("unknown"));
        });
    }
}
