using System.Reflection;
using System.Text.Json.Serialization;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

public sealed class TaskStatusPatchTests
{
    [Test]
    public void ClearedFieldsAreWrittenAsExplicitNulls()
    {
        var patch = OwnedFields(new AgentTaskStatus { Phase = AgentTaskPhase.Running });

        Assert.Multiple(() =>
        {
            Assert.That(patch.ContainsKey("reason") && patch["reason"] is null, Is.True);
            Assert.That(patch.ContainsKey("exitCode") && patch["exitCode"] is null, Is.True);
        });
    }

    [Test]
    public void ReportedToOzIsNeverWritten()
    {
        var patch = OwnedFields(new AgentTaskStatus { Phase = AgentTaskPhase.Failed, ReportedToOz = true });

        Assert.That(patch.ContainsKey("reportedToOz"), Is.False);
    }

    [Test]
    public void FieldsUseTheirApiSpelling()
    {
        var status = new AgentTaskStatus
        {
            Phase = AgentTaskPhase.Failed,
            Reason = FailureReason.ContainerOOM,
            ExitCode = 137,
            CompletionTime = T0,
            Conditions = [new V1Condition { Type = "Completed", Status = "True", Reason = "ContainerOOM", Message = "m", LastTransitionTime = T0 }],
        };

        var json = OwnedFields(status).ToJsonString();

        Assert.Multiple(() =>
        {
            Assert.That(json, Does.Contain("\"phase\":\"Failed\""));
            Assert.That(json, Does.Contain("\"reason\":\"ContainerOOM\""));
            Assert.That(json, Does.Contain("\"exitCode\":137"));
            Assert.That(json, Does.Contain("\"completionTime\":\"2026-01-02T03:04:05"));
            Assert.That(json, Does.Contain("\"lastTransitionTime\":\"2026-01-02T03:04:05"));
        });
    }

    [Test]
    public void EveryStatusFieldButReportedToOzIsOwnedByTheReconciler()
    {
        // A field left out here is never written, however the reconciler computes it (status.duration
        // was, and the Duration printer column stayed empty).
        var apiNames = typeof(AgentTaskStatus).GetProperties()
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
            .OfType<string>()
            .Where(name => name != "reportedToOz");

        var patch = OwnedFields(new AgentTaskStatus());

        Assert.That(patch.Select(field => field.Key), Is.EquivalentTo(apiNames));
    }

    [Test]
    public void TheDurationOfAFinishedTaskIsWritten()
    {
        var patch = OwnedFields(new AgentTaskStatus { Phase = AgentTaskPhase.Succeeded, Duration = "4m12s" });

        Assert.That(patch["duration"]?.GetValue<string>(), Is.EqualTo("4m12s"));
    }

    [Test]
    public void TheDocumentIsTheResourceVersionPreconditionAndTheOwnedFieldsByteForByteAsTheTreeWroteThem()
    {
        var status = new AgentTaskStatus
        {
            Phase = AgentTaskPhase.Failed,
            Reason = FailureReason.ContainerOOM,
            Message = "out of memory <após> \"quoted\" +1",
            Conditions = [new V1Condition { Type = "Completed", Status = "True", Reason = "ContainerOOM", Message = "m", LastTransitionTime = T0, ObservedGeneration = 3 }],
            JobName = "t1-job",
            PodName = "t1-job-abcde",
            NodeName = "node-1",
            StartTime = T0,
            CompletionTime = T0.AddSeconds(252),
            Duration = "4m12s",
            ExitCode = 137,
            ObservedGeneration = 3,
            ReportedToOz = true,
        };

        // The form the patch had when it was built as a tree of the client's serialization of each field.
        JsonNode? Node(object? value) => value is null ? null : JsonNode.Parse(KubernetesJson.Serialize(value));
        var tree = new JsonObject
        {
            ["metadata"] = new JsonObject { ["resourceVersion"] = "42" },
            ["status"] = new JsonObject
            {
                ["phase"] = Node(status.Phase),
                ["reason"] = Node(status.Reason),
                ["message"] = Node(status.Message),
                ["conditions"] = Node(status.Conditions),
                ["jobName"] = Node(status.JobName),
                ["podName"] = Node(status.PodName),
                ["nodeName"] = Node(status.NodeName),
                ["startTime"] = Node(status.StartTime),
                ["completionTime"] = Node(status.CompletionTime),
                ["duration"] = Node(status.Duration),
                ["exitCode"] = Node(status.ExitCode),
                ["observedGeneration"] = Node(status.ObservedGeneration),
            },
        };

        Assert.That(Encoding.UTF8.GetString(TaskStatusPatch.Document("42", status)), Is.EqualTo(tree.ToJsonString()));
    }

    private static JsonObject OwnedFields(AgentTaskStatus status) =>
        JsonNode.Parse(TaskStatusPatch.Document("1", status))!["status"]!.AsObject();
}
