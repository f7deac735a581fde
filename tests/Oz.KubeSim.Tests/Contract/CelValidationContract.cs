using static Oz.KubeSim.Tests.Fixtures.AgentTaskCrd;

namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// CEL validation rules (x-kubernetes-validations) of the real AgentTask CRD, worded as the
/// API server (1.31) words them: "Invalid value: \"&lt;type&gt;\": message", "Forbidden: message".
/// </summary>
public abstract class CelValidationContract : ClusterTestBase
{
    [SetUp]
    public Task EnsureCrdAsync() => AgentTaskCrd.EnsureAsync(Client);

    private async Task<JsonObject> CreateAsync(JsonObject task, string? dryRun = null) =>
        TestCrd.AsObject(await Client.CustomObjects.CreateNamespacedCustomObjectAsync(task, Group, CrdVersion, Ns, Plural, dryRun: dryRun));

    private async Task<JsonObject> PatchAsync(string name, string mergePatch) =>
        TestCrd.AsObject(await Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), Group, CrdVersion, Ns, Plural, name));

    private async Task<JsonObject> PatchStatusAsync(string name, string mergePatch) =>
        TestCrd.AsObject(await Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), Group, CrdVersion, Ns, Plural, name));

    private static async Task AssertInvalidAsync(Func<Task> call, string expected)
    {
        var (code, status) = await FailureOf(call);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Reason, Is.EqualTo("Invalid"));
            Assert.That(status.Message, Does.Contain(expected));
        });
    }

    [Test]
    public async Task ASidecarMountedUnderTheWorkspaceIsRejectedWithTheRuleMessage()
    {
        var task = NewTask("ws");
        task["spec"]!["sidecars"]![0]!["mountPath"] = "/workspace/x";

        await AssertInvalidAsync(
            () => CreateAsync(task),
            "spec.sidecars[0].mountPath: Invalid value: \"string\": sidecars cannot be mounted at or under /workspace, which holds the task's workspace volume");
    }

    [Test]
    public async Task ARelativeSidecarMountPathIsRejectedWithTheRuleMessage()
    {
        var task = NewTask("rel");
        task["spec"]!["sidecars"]![0]!["mountPath"] = "agent";

        await AssertInvalidAsync(() => CreateAsync(task), "spec.sidecars[0].mountPath: Invalid value: \"string\": mountPath must be an absolute path");
    }

    [Test]
    public async Task DuplicateSidecarMountPathsAreRejectedAsADuplicateValue()
    {
        var task = NewTask("dup");
        task["spec"]!["sidecars"]!.AsArray().Add(new JsonObject { ["image"] = "tools:1", ["mountPath"] = "/agent" });

        var (code, status) = await FailureOf(() => CreateAsync(task));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("spec.sidecars: Duplicate value: \"array\""));
            Assert.That(status.Details.Causes.Select(c => c.Reason), Does.Contain("FieldValueDuplicate"));
        });
    }

    [Test]
    public async Task AnInvalidTaskIsRejectedOnADryRunCreateToo()
    {
        var task = NewTask("dry");
        task["spec"]!["sidecars"]![0]!["mountPath"] = "/workspace";

        await AssertInvalidAsync(() => CreateAsync(task, dryRun: "All"), "spec.sidecars[0].mountPath: Invalid value: \"string\": sidecars cannot be mounted");
    }

    [Test]
    public async Task AnInvalidTaskIsRejectedWhenServerSideApplied()
    {
        var task = NewTask("applied");
        task["spec"]!["sidecars"]![0]!["mountPath"] = "/a/../b";

        await AssertInvalidAsync(
            () => Client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(task.ToJsonString(), V1Patch.PatchType.ApplyPatch), Group, CrdVersion, Ns, Plural, "applied", fieldManager: "contract"),
            "spec.sidecars[0].mountPath: Invalid value: \"string\": mountPath must not contain '.' or '..' segments");
    }

    [Test]
    public async Task ATransitionRuleIsNotEvaluatedOnCreate()
    {
        var created = await CreateAsync(NewTask("new", taskId: "t-1"));

        Assert.That(created["spec"]!["taskId"]!.GetValue<string>(), Is.EqualTo("t-1"));
    }

    [Test]
    public async Task ChangingTheTaskIdOnUpdateIsForbidden()
    {
        await CreateAsync(NewTask("tid", taskId: "t-1"));

        await AssertInvalidAsync(() => PatchAsync("tid", """{"spec":{"taskId":"t-2"}}"""), "spec.taskId: Forbidden: taskId is immutable");
    }

    [Test]
    public async Task AddingATaskIdAfterCreationIsForbidden()
    {
        await CreateAsync(NewTask("late"));

        await AssertInvalidAsync(() => PatchAsync("late", """{"spec":{"taskId":"t-1"}}"""), "spec.taskId: Forbidden: taskId is immutable");
    }

    [Test]
    public async Task CancelCannotBeSetBackToFalse()
    {
        var task = NewTask("cancel");
        task["spec"]!["cancel"] = true;
        await CreateAsync(task);

        await AssertInvalidAsync(() => PatchAsync("cancel", """{"spec":{"cancel":false}}"""), "spec.cancel: Forbidden: cancel cannot be unset or set back to false once it is true");
    }

    [Test]
    public async Task AnUpdateThatKeepsTheRulesIsAccepted()
    {
        await CreateAsync(NewTask("ok", taskId: "t-1"));

        var patched = await PatchAsync("ok", """{"spec":{"cancel":true,"title":"renamed"}}""");

        Assert.That(patched["spec"]!["cancel"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task AStatusMovingOutOfATerminalPhaseIsForbidden()
    {
        await CreateAsync(NewTask("done"));
        await PatchStatusAsync("done", """{"status":{"phase":"Running"}}""");
        await PatchStatusAsync("done", """{"status":{"phase":"Succeeded"}}""");

        await AssertInvalidAsync(() => PatchStatusAsync("done", """{"status":{"phase":"Running"}}"""), "status.phase: Forbidden: a terminal phase (Succeeded, Failed, Cancelled) never changes");
    }

    [Test]
    public async Task ReportedToOzCannotGoBackToFalse()
    {
        await CreateAsync(NewTask("rep"));
        await PatchStatusAsync("rep", """{"status":{"phase":"Failed","reportedToOz":true}}""");

        await AssertInvalidAsync(() => PatchStatusAsync("rep", """{"status":{"reportedToOz":false}}"""), "status.reportedToOz: Forbidden: reportedToOz cannot go back to false");
    }

    [Test]
    public async Task ACrdWhoseRuleDoesNotCompileIsRejected()
    {
        var crd = GaugeCrd("brokengauges", "self.max ==");

        await AssertInvalidAsync(() => Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd), "compilation failed");
    }

    [Test]
    public async Task ARuleWithoutAMessageReportsTheFailedRuleAndAMessageExpressionIsEvaluated()
    {
        await EnsureGaugesAsync();
        var gauge = new JsonObject
        {
            ["apiVersion"] = "kubesim.test/v1",
            ["kind"] = "Gauge",
            ["metadata"] = new JsonObject { ["name"] = "g" },
            ["spec"] = new JsonObject { ["min"] = 300, ["max"] = 200 },
        };

        var (code, status) = await FailureOf(() => Client.CustomObjects.CreateNamespacedCustomObjectAsync(gauge, "kubesim.test", "v1", Ns, "gauges"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Message, Does.Contain("spec: Invalid value: \"object\": failed rule: self.min <= self.max"));
            Assert.That(status.Message, Does.Contain("spec: Invalid value: \"object\": max 200 exceeds 100"));
        });
    }

    private async Task EnsureGaugesAsync()
    {
        try
        {
            await Client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(GaugeCrd("gauges", "self.min <= self.max"));
        }
        catch (k8s.Autorest.HttpOperationException e) when ((int)e.Response.StatusCode == 409)
        {
        }

        await Eventually(
            async () =>
            {
                try
                {
                    await Client.CustomObjects.ListClusterCustomObjectAsync("kubesim.test", "v1", "gauges");
                    return true;
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    return false;
                }
            },
            "gauges served",
            30);
    }

    /// <summary>A CRD whose spec carries one rule without a message and one with a messageExpression.</summary>
    private static V1CustomResourceDefinition GaugeCrd(string plural, string rule) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{plural}.kubesim.test" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "kubesim.test",
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = plural, Singular = plural.TrimEnd('s'), Kind = plural == "gauges" ? "Gauge" : "BrokenGauge" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1",
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new()
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["min"] = new() { Type = "integer" },
                                        ["max"] = new() { Type = "integer" },
                                    },
                                    XKubernetesValidations =
                                    [
                                        new V1ValidationRule { Rule = rule },
                                        new V1ValidationRule { Rule = "self.max <= 100", MessageExpression = "'max ' + string(self.max) + ' exceeds 100'" },
                                    ],
                                },
                            },
                        },
                    },
                },
            ],
        },
    };
}
