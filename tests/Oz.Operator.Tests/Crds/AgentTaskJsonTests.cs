namespace Oz.Operator.Tests.Crds;

/// <summary>AgentTask as KubernetesJson (the client's serializer) reads and writes it.</summary>
public sealed class AgentTaskJsonTests
{
    /// <summary>An AgentTask as the API server returns it: RFC 3339 times at whole seconds, in UTC.</summary>
    private const string ServerJson = """
        {
          "apiVersion": "oz.warp.dev/v1alpha1",
          "kind": "AgentTask",
          "metadata": {
            "name": "task-5f0c2a7e",
            "namespace": "oz",
            "uid": "1b4e28ba-2fa1-11d2-883f-0016d3cca427",
            "resourceVersion": "4711",
            "generation": 2,
            "creationTimestamp": "2026-11-23T09:00:00Z"
          },
          "spec": {
            "taskId": "5f0c2a7e",
            "executionId": "5f0c2a7e-1",
            "title": "Fix the flaky login test",
            "image": "ubuntu:22.04",
            "sidecars": [{ "image": "oz-agent:1", "mountPath": "/agent", "readWrite": false }],
            "args": ["agent", "run"],
            "env": [{ "name": "TASK_ID", "value": "5f0c2a7e" }],
            "envFrom": [{ "secretRef": { "name": "task-5f0c2a7e-env" } }],
            "resources": { "limits": { "cpu": "2", "memory": "4Gi" }, "requests": { "cpu": "2", "memory": "4Gi" } },
            "activeDeadlineSeconds": 28800,
            "idleOnComplete": "10m",
            "cancel": false
          },
          "status": {
            "phase": "Failed",
            "reason": "ContainerOOM",
            "message": "OOMKilled",
            "conditions": [{
              "type": "Completed",
              "status": "True",
              "reason": "ContainerOOM",
              "message": "",
              "lastTransitionTime": "2026-11-23T09:04:12Z",
              "observedGeneration": 2
            }],
            "jobName": "task-5f0c2a7e-abc12",
            "podName": "task-5f0c2a7e-abc12-xyz",
            "nodeName": "node-1",
            "startTime": "2026-11-23T09:00:05Z",
            "completionTime": "2026-11-23T09:04:12Z",
            "duration": "4m7s",
            "exitCode": 137,
            "observedGeneration": 2,
            "reportedToOz": true
          }
        }
        """;

    [Test]
    public void AnAgentTaskFromTheApiServerSerializesBackToTheSameJson()
    {
        var task = KubernetesJson.Deserialize<AgentTask>(ServerJson);

        var written = JsonNode.Parse(KubernetesJson.Serialize(task));

        Assert.That(JsonNode.DeepEquals(written, JsonNode.Parse(ServerJson)), Is.True, written?.ToJsonString());
    }

    [Test]
    public void TimesAreReadAsUtc()
    {
        var status = KubernetesJson.Deserialize<AgentTask>(ServerJson).Status!;

        Assert.Multiple(() =>
        {
            Assert.That(status.StartTime, Is.EqualTo(new DateTime(2026, 11, 23, 9, 0, 5, DateTimeKind.Utc)));
            Assert.That(status.StartTime?.Kind, Is.EqualTo(DateTimeKind.Utc));
            Assert.That(status.Conditions![0].LastTransitionTime.Kind, Is.EqualTo(DateTimeKind.Utc));
        });
    }

    [Test]
    public void TimesAreWrittenAsRfc3339Utc()
    {
        var task = new AgentTask { Status = new AgentTaskStatus { StartTime = new DateTime(2026, 11, 23, 9, 0, 5, DateTimeKind.Utc) } };

        Assert.That(JsonNode.Parse(KubernetesJson.Serialize(task))!["status"]!["startTime"]!.GetValue<string>(),
            Is.EqualTo("2026-11-23T09:00:05Z"));
    }

    [Test]
    public void AnEmptyAgentTaskWritesNoNullFields()
    {
        var json = KubernetesJson.Serialize(new AgentTask());

        Assert.That(json, Is.EqualTo("""{"apiVersion":"oz.warp.dev/v1alpha1","kind":"AgentTask","metadata":{},"spec":{}}"""));
    }

    private static IEnumerable<AgentTaskPhase> Phases() => Enum.GetValues<AgentTaskPhase>();

    private static IEnumerable<FailureReason> Reasons() => Enum.GetValues<FailureReason>();

    [TestCaseSource(nameof(Phases))]
    public void PhaseIsWrittenAndReadByName(AgentTaskPhase phase)
    {
        var json = KubernetesJson.Serialize(new AgentTaskStatus { Phase = phase });

        Assert.Multiple(() =>
        {
            Assert.That(json, Is.EqualTo($$"""{"phase":"{{phase}}"}"""));
            Assert.That(KubernetesJson.Deserialize<AgentTaskStatus>(json).Phase, Is.EqualTo(phase));
        });
    }

    [TestCaseSource(nameof(Reasons))]
    public void ReasonIsWrittenAndReadByName(FailureReason reason)
    {
        var json = KubernetesJson.Serialize(new AgentTaskStatus { Reason = reason });

        Assert.Multiple(() =>
        {
            Assert.That(json, Is.EqualTo($$"""{"reason":"{{reason}}"}"""));
            Assert.That(KubernetesJson.Deserialize<AgentTaskStatus>(json).Reason, Is.EqualTo(reason));
        });
    }
}
