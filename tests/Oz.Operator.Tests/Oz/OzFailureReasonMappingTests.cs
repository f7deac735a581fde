using Oz.Crds.V1Alpha1;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.OzWorker;

public sealed class OzFailureReasonMappingTests
{
    [Test]
    public void ARefusedJobCreateIsReportedAsJobCreate() =>
        Assert.That(OzFailureReasons.From(FailureReason.JobCreateRefused), Is.EqualTo("job_create"));
}
