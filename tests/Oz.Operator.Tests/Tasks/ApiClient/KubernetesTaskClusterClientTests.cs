using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

/// <summary>The requests the real client sends, captured below KubernetesClient by an HTTP handler.</summary>
public sealed class KubernetesTaskClusterClientTests
{
    [Test]
    public async Task StatusIsAMergePatchOfTheStatusSubresourceWithAResourceVersionPrecondition()
    {
        var (client, http) = Client(HttpStatusCode.OK, KubernetesJson.Serialize(Task()));
        var task = Task();
        task.Metadata.ResourceVersion = "42";

        await client.PatchStatusAsync(task, new AgentTaskStatus { Phase = AgentTaskPhase.Running, ReportedToOz = true }, CancellationToken.None);

        var request = http.Requests.Single();
        var body = JsonNode.Parse(request.Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("PATCH"));
            Assert.That(request.Path, Is.EqualTo("/apis/oz.warp.dev/v1alpha1/namespaces/tasks/agenttasks/t1/status"));
            Assert.That(request.ContentType, Is.EqualTo("application/merge-patch+json"));
            Assert.That(body["metadata"]!["resourceVersion"]!.GetValue<string>(), Is.EqualTo("42"));
            Assert.That(body["status"]!["phase"]!.GetValue<string>(), Is.EqualTo("Running"));
            Assert.That(body["status"]!.AsObject().ContainsKey("reason"), Is.True, "cleared fields are sent as null");
            Assert.That(body["status"]!.AsObject().ContainsKey("reportedToOz"), Is.False);
        });
    }

    [Test]
    public async Task AStatusPatchReturnsTheTaskTheServerAnsweredWithDecodedTyped()
    {
        var answered = Task();
        answered.Metadata.ResourceVersion = "43";
        answered.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Running, JobName = "t1-job" };
        var (client, _) = Client(HttpStatusCode.OK, KubernetesJson.Serialize(answered));
        var task = Task();
        task.Metadata.ResourceVersion = "42";

        var result = await client.PatchStatusAsync(task, new AgentTaskStatus { Phase = AgentTaskPhase.Running }, CancellationToken.None);

        Assert.That((result.Metadata.ResourceVersion, result.Status?.Phase, result.Status?.JobName), Is.EqualTo(("43", (AgentTaskPhase?)AgentTaskPhase.Running, "t1-job")));
    }

    [Test]
    public async Task AnAnswersManagedFieldsAreNotDecoded()
    {
        var answered = Task();
        answered.Metadata.ResourceVersion = "43";
        answered.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "oz-operator", Operation = "Update", FieldsType = "FieldsV1", FieldsV1 = new { f_status = new { } } }];
        var (client, _) = Client(HttpStatusCode.OK, KubernetesJson.Serialize(answered));

        var result = await client.SetFinalizersAsync(Task(), ["oz.warp.dev/job-cleanup"], CancellationToken.None);

        Assert.That((result.Metadata.ResourceVersion, result.Metadata.Name, result.Metadata.ManagedFields), Is.EqualTo(("43", "t1", (IList<V1ManagedFieldsEntry>?)null)));
    }

    [Test]
    public async Task FinalizersAreSetWithAResourceVersionPrecondition()
    {
        var (client, http) = Client(HttpStatusCode.OK, KubernetesJson.Serialize(Task()));
        var task = Task();
        task.Metadata.ResourceVersion = "7";

        await client.SetFinalizersAsync(task, ["oz.warp.dev/job-cleanup"], CancellationToken.None);

        var body = JsonNode.Parse(http.Requests.Single().Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(http.Requests.Single().Path, Is.EqualTo("/apis/oz.warp.dev/v1alpha1/namespaces/tasks/agenttasks/t1"));
            Assert.That(body["metadata"]!["resourceVersion"]!.GetValue<string>(), Is.EqualTo("7"));
            Assert.That(body["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()), Is.EqualTo(new[] { "oz.warp.dev/job-cleanup" }));
        });
    }

    [Test]
    public async Task AJobIsCreatedWithTheFieldManagerAndTheServersAnswerIsReturned()
    {
        var answered = Job();
        answered.Metadata.Uid = "uid-created";
        var (client, http) = Client(HttpStatusCode.Created, KubernetesJson.Serialize(answered));

        var created = await client.CreateJobAsync(Job(), CancellationToken.None);

        var request = http.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(created?.Metadata.Uid, Is.EqualTo("uid-created"));
            Assert.That(created?.Spec.Template, Is.Null, "the answer is read as the cache holds a Job: without its pod template");
            Assert.That(created?.Spec.ActiveDeadlineSeconds, Is.EqualTo(answered.Spec.ActiveDeadlineSeconds));
            Assert.That((request.Method, request.Path, request.Query), Is.EqualTo(("POST", "/apis/batch/v1/namespaces/tasks/jobs", "?fieldManager=oz-operator")));
            Assert.That(request.ContentType, Is.EqualTo("application/json"));
            Assert.That(JsonNode.Parse(request.Body), Is.Not.Null);
            Assert.That(request.Body, Is.EqualTo(KubernetesJson.Serialize(Job())));
        });
    }

    [Test]
    public void AJobDeleteAnsweredWithTheJobBeingDeletedIsDone()
    {
        var deleting = Job();
        deleting.Metadata.DeletionTimestamp = T0;
        var (client, _) = Client(HttpStatusCode.OK, KubernetesJson.Serialize(deleting));

        Assert.DoesNotThrowAsync(() => client.DeleteJobAsync("tasks", "t1-job", "uid-job", CancellationToken.None));
    }

    [Test]
    public async Task StatusAndFinalizerPatchesNameTheFieldManager()
    {
        var (client, http) = Client(HttpStatusCode.OK, KubernetesJson.Serialize(Task()));

        await client.PatchStatusAsync(Task(), new AgentTaskStatus { Phase = AgentTaskPhase.Running }, CancellationToken.None);
        await client.SetFinalizersAsync(Task(), ["oz.warp.dev/job-cleanup"], CancellationToken.None);

        Assert.That(http.Requests.Select(r => (r.Method, r.Query, r.ContentType)), Is.EqualTo(new[]
        {
            ("PATCH", "?fieldManager=oz-operator", "application/merge-patch+json"),
            ("PATCH", "?fieldManager=oz-operator", "application/merge-patch+json"),
        }));
    }

    [Test]
    public async Task CreatingAJobThatExistsReturnsNull()
    {
        var (client, _) = Client(HttpStatusCode.Conflict, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"AlreadyExists","code":409}""");

        Assert.That(await client.CreateJobAsync(Job(), CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task JobsAreDeletedWithBackgroundPropagationAndAMissingOneIsFine()
    {
        var (client, http) = Client(HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");

        await client.DeleteJobAsync("tasks", "t1-job", null, CancellationToken.None);

        var request = http.Requests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Method, Is.EqualTo("DELETE"));
            Assert.That(request.Path, Is.EqualTo("/apis/batch/v1/namespaces/tasks/jobs/t1-job"));
            Assert.That(JsonNode.Parse(request.Body)!["propagationPolicy"]!.GetValue<string>(), Is.EqualTo("Background"));
        });
    }

    [Test]
    public async Task AJobDeleteCarriesTheUidPrecondition()
    {
        var (client, http) = Client(HttpStatusCode.OK, """{"kind":"Status","apiVersion":"v1","status":"Success"}""");

        await client.DeleteJobAsync("tasks", "t1-job", "uid-job", CancellationToken.None);

        Assert.That(JsonNode.Parse(http.Requests.Single().Body)!["preconditions"]!["uid"]!.GetValue<string>(), Is.EqualTo("uid-job"));
    }

    [Test]
    public void AJobDeleteWhoseUidPreconditionFailsIsTakenAsGone()
    {
        var (client, _) = Client(HttpStatusCode.Conflict, """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"Precondition failed: UID in precondition: uid-job, UID in object meta: uid-other","reason":"Conflict","code":409}""");

        Assert.DoesNotThrowAsync(() => client.DeleteJobAsync("tasks", "t1-job", "uid-job", CancellationToken.None));
    }

    [TestCase(HttpStatusCode.Forbidden, "jobs.batch \"t1-job\" is forbidden: exceeded quota: jobs, requested: count/jobs.batch=1, used: count/jobs.batch=2, limited: count/jobs.batch=2")]
    [TestCase(HttpStatusCode.Forbidden, "admission webhook \"validation.gatekeeper.sh\" denied the request: no privileged pods")]
    [TestCase(HttpStatusCode.UnprocessableEntity, "Job.batch \"t1-job\" is invalid: spec.template.spec.containers[0].image: Required value")]
    public void ARefusedJobCreateThrowsTheRefusalWithTheServersMessage(HttpStatusCode code, string message)
    {
        var (client, _) = Client(code, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["code"] = (int)code }.ToJsonString());

        var refused = Assert.ThrowsAsync<JobCreateRefusedException>(() => client.CreateJobAsync(Job(), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(code));
            Assert.That(refused.ServerMessage, Is.EqualTo(message));
        });
    }

    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.GatewayTimeout)]
    public void ATransientAnswerToAJobCreateIsThrownForTheQueueToRetry(HttpStatusCode code)
    {
        var (client, _) = Client(code, new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["code"] = (int)code }.ToJsonString());

        Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CreateJobAsync(Job(), CancellationToken.None));
    }

    [Test]
    public async Task AMissingJobReadsAsNull()
    {
        var (client, _) = Client(HttpStatusCode.NotFound, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}""");

        Assert.That(await client.ReadJobAsync("tasks", "t1-job", CancellationToken.None), Is.Null);
    }

    [Test]
    public void OtherErrorsAreThrownForTheQueueToRetry()
    {
        var (client, _) = Client(HttpStatusCode.InternalServerError, """{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}""");

        Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => client.CreateJobAsync(Job(), CancellationToken.None));
    }

    [Test]
    public async Task EventsAreEventsK8sIoRegardingTheTask()
    {
        var (client, http) = Client(HttpStatusCode.Created, "{}");

        await client.EmitEventAsync(Task(), new TaskEvent(TaskEvent.Warning, "ImagePull", "Transition", new string('x', 5000)), CancellationToken.None);

        var request = http.Requests.Single();
        var body = JsonNode.Parse(request.Body)!;
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo("/apis/events.k8s.io/v1/namespaces/tasks/events"));
            Assert.That(body["regarding"]!["kind"]!.GetValue<string>(), Is.EqualTo("AgentTask"));
            Assert.That(body["regarding"]!["uid"]!.GetValue<string>(), Is.EqualTo("uid-t1"));
            Assert.That(body["reportingController"]!.GetValue<string>(), Is.EqualTo("oz.warp.dev/operator"));
            Assert.That(body["reportingInstance"]!.GetValue<string>(), Is.EqualTo("operator-0"));
            Assert.That(body["type"]!.GetValue<string>(), Is.EqualTo("Warning"));
            Assert.That(body["reason"]!.GetValue<string>(), Is.EqualTo("ImagePull"));
            Assert.That(Encoding.UTF8.GetByteCount(body["note"]!.GetValue<string>()), Is.LessThanOrEqualTo(1024));
            Assert.That(body["eventTime"], Is.Not.Null);
        });
    }

    [Test]
    public async Task AReportingInstanceLongerThanEventsAllowIsCutTo128Bytes()
    {
        var (client, http) = Client(HttpStatusCode.Created, "{}", reportingInstance: new string('p', 253));

        await client.EmitEventAsync(Task(), new TaskEvent(TaskEvent.Normal, "Created", "Create", "job created"), CancellationToken.None);

        var instance = JsonNode.Parse(http.Requests.Single().Body)!["reportingInstance"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(instance), Is.LessThanOrEqualTo(128));
            Assert.That(instance, Does.StartWith("ppp"));
        });
    }

    [Test]
    public async Task TheLogTailIsBounded()
    {
        var (client, http) = Client(HttpStatusCode.OK, string.Join('\n', Enumerable.Range(0, 2000).Select(i => $"line {i}")), "text/plain");

        var tail = await client.ReadLogTailAsync("tasks", "p", "task", 4096, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(Encoding.UTF8.GetByteCount(tail), Is.LessThanOrEqualTo(4096));
            Assert.That(tail, Does.EndWith("line 1999"));
            Assert.That(http.Requests.Single().Query, Does.Contain("container=task"));
        });
    }

    [Test]
    public async Task TheLogIsReadWithALimitInBytesNotOnlyInLines()
    {
        var (client, http) = Client(HttpStatusCode.OK, "short log", "text/plain");

        await client.ReadLogTailAsync("tasks", "p", "task", 4096, CancellationToken.None);

        Assert.That(http.Requests.Single().Query, Does.Contain($"limitBytes={KubernetesTaskClusterClient.LogReadLimitBytes}").And.Contain("tailLines="));
    }

    private static (KubernetesTaskClusterClient Client, CapturingHandler Http) Client(HttpStatusCode code, string body, string contentType = "application/json", string reportingInstance = "operator-0")
    {
        var http = new CapturingHandler(code, body, contentType);
        var kubernetes = new k8s.Kubernetes(new KubernetesClientConfiguration { Host = "http://api.invalid" }, http);
        return (new KubernetesTaskClusterClient(kubernetes, reportingInstance, TimeProvider.System), http);
    }

    private sealed record CapturedRequest(string Method, string Path, string Query, string? ContentType, string Body);

    /// <summary>Answers every request with one canned response and records what was asked.</summary>
    private sealed class CapturingHandler(HttpStatusCode code, string body, string contentType) : DelegatingHandler
    {
        public List<CapturedRequest> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Requests.Add(new CapturedRequest(
                request.Method.Method, request.RequestUri!.AbsolutePath, request.RequestUri.Query, request.Content?.Headers.ContentType?.MediaType, content));
            return new HttpResponseMessage(code) { Content = new StringContent(body, Encoding.UTF8, contentType), RequestMessage = request };
        }
    }
}
