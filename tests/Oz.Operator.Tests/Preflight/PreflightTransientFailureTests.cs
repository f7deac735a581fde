using Oz.Operator.Preflight;
using Oz.Operator.Preflight.Checks;

namespace Oz.Operator.Tests.Preflight;

/// <summary>
/// A busy API server (429, 5xx) must not fail preflight on one bad answer, and an answer that
/// stays bad must be reported as what it is: a failed request, not an admission denial.
/// </summary>
public sealed class PreflightTransientFailureTests
{
    private const string ServerError = "etcdserver: request timed out";

    public static IEnumerable<TestCaseData> Checks()
    {
        // check, the request it makes, the words of its failure
        yield return new TestCaseData(new ApiServerCheck(), (Func<HttpRequestMessage, bool>)(r => InjectedAnswers.Path(r, "/version")))
            .SetArgDisplayNames("api-server");
        yield return new TestCaseData(new CrdServedCheck(), (Func<HttpRequestMessage, bool>)(r => InjectedAnswers.Path(r, "/apis")))
            .SetArgDisplayNames("agenttask-crd");
        yield return new TestCaseData(new DryRunJobCheck(), (Func<HttpRequestMessage, bool>)InjectedAnswers.DryRunJobCreate)
            .SetArgDisplayNames("dry-run-job");
    }

    public static IEnumerable<TestCaseData> RejectedCreates()
    {
        // answer to the Job create, its message, the expected reason
        yield return new TestCaseData(HttpStatusCode.Forbidden, "admission webhook \"deny.example.com\" denied the request: no root", JobDiagnosis.AdmissionDenied)
            .SetArgDisplayNames("403 webhook denial");
        yield return new TestCaseData(HttpStatusCode.UnprocessableEntity, "Job.batch \"x\" is invalid: spec.template.spec.containers[0].image: Required value", JobDiagnosis.AdmissionDenied)
            .SetArgDisplayNames("422 invalid");
        yield return new TestCaseData(HttpStatusCode.BadRequest, "the policy rejects this pod", JobDiagnosis.AdmissionDenied)
            .SetArgDisplayNames("400 bad request");
        yield return new TestCaseData(HttpStatusCode.NotFound, "namespaces \"oz\" not found", JobDiagnosis.RequestFailed)
            .SetArgDisplayNames("404 namespace missing");
        yield return new TestCaseData(HttpStatusCode.Unauthorized, "Unauthorized", JobDiagnosis.RequestFailed)
            .SetArgDisplayNames("401 unauthorized");
        yield return new TestCaseData(HttpStatusCode.Conflict, "jobs.batch \"x\" already exists", JobDiagnosis.RequestFailed)
            .SetArgDisplayNames("409 on the first attempt");
    }

    [TestCaseSource(nameof(Checks))]
    public async Task OneServerErrorIsRetriedAndTheCheckPasses(IPreflightCheck check, Func<HttpRequestMessage, bool> request)
    {
        await using var cluster = await PreflightCluster.StartAsync();
        var answers = new InjectedAnswers(request, HttpStatusCode.InternalServerError, ServerError, times: 1);
        using var client = InjectedAnswers.Client(cluster, answers);

        var result = await check.RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Injected, Is.EqualTo(1));
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
        });
    }

    [TestCaseSource(nameof(Checks))]
    public async Task PersistentServerErrorsFailWithTheServersMessage(IPreflightCheck check, Func<HttpRequestMessage, bool> request)
    {
        await using var cluster = await PreflightCluster.StartAsync();
        var answers = new InjectedAnswers(request, HttpStatusCode.InternalServerError, ServerError);
        using var client = InjectedAnswers.Client(cluster, answers);

        var result = await check.RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Injected, Is.GreaterThan(1), "retried before giving up");
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.Not.EqualTo(JobDiagnosis.AdmissionDenied));
            Assert.That(result.Detail, Does.Contain(ServerError));
            Assert.That(result.Fix, Does.Contain("API server"));
        });
    }

    [TestCase(500, TestName = "AServerErrorOnCreatingThePreflightJobIsRetried")]
    [TestCase(429, TestName = "ThrottlingOnCreatingThePreflightJobIsRetried")]
    public async Task ATransientAnswerToTheJobCreateIsRetried(int code)
    {
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Complete);
        var failures = 0;
        cluster.Sim.Faults.RetryAfterSeconds = 0;
        cluster.Sim.Faults.Applies = (verb, resource) => verb == "create" && resource == "jobs" && Interlocked.Increment(ref failures) == 1;
        cluster.Sim.Faults.ServerErrorRate = code == 500 ? 1 : 0;
        cluster.Sim.Faults.ThrottleRate = code == 429 ? 1 : 0;
        using var client = cluster.CreateClient();

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(failures, Is.EqualTo(2), "one failed create, one that worked");
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task AJobStoredDespiteAFailedAnswerIsTakenAsOursOnRetry()
    {
        // The server stored the Job but its answer was lost (a 500 after the write): the retry gets
        // 409 AlreadyExists for this run's own Job name, which means "created", not a failure.
        await using var cluster = await PreflightCluster.StartScriptedAsync(ScriptedJobOutcome.Complete);
        var answers = new InjectedAnswers(InjectedAnswers.JobCreate, HttpStatusCode.InternalServerError, ServerError, times: 1) { ForwardFirst = true };
        using var client = InjectedAnswers.Client(cluster, answers);

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Injected, Is.EqualTo(1));
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Passed), result.Detail);
            Assert.That(cluster.JobCreates(), Is.EqualTo(1), "one Job was stored");
        });
        PreflightRunnerTests.AssertJobCreatedAndDeleted(cluster);
    }

    [Test]
    public async Task PersistentServerErrorsOnTheJobCreateAreAFailedRequestNotAnAdmissionDenial()
    {
        await using var cluster = await PreflightCluster.StartAsync(options: new KubeSimOptions { RunControllers = false });
        cluster.Sim.Faults.RetryAfterSeconds = 0;
        cluster.Sim.Faults.Applies = (verb, resource) => verb == "create" && resource == "jobs";
        cluster.Sim.Faults.ServerErrorRate = 1;
        using var client = cluster.CreateClient();

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Sim.RequestLog.Count("create", "jobs"), Is.GreaterThan(1), "retried before giving up");
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo(JobDiagnosis.RequestFailed));
            Assert.That(result.Detail, Does.Contain("kubesim: injected fault"));
            Assert.That(result.Fix, Does.Contain("API server"));
            Assert.That(cluster.Jobs(), Is.Empty);
        });
    }

    [TestCaseSource(nameof(RejectedCreates))]
    public async Task ARejectedJobCreateIsNotRetriedAndNamedForWhatItIs(HttpStatusCode code, string message, string reason)
    {
        await using var cluster = await PreflightCluster.StartAsync(options: new KubeSimOptions { RunControllers = false });
        var answers = new InjectedAnswers(InjectedAnswers.JobCreate, code, message);
        using var client = InjectedAnswers.Client(cluster, answers);

        var result = await new PreflightJobCheck().RunAsync(cluster.Context(client), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answers.Injected, Is.EqualTo(1), "not retried");
            Assert.That(result.Status, Is.EqualTo(PreflightStatus.Failed));
            Assert.That(result.Reason, Is.EqualTo(reason));
            Assert.That(result.Detail, Does.Contain(message));
        });
    }
}
