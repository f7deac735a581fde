using System.Reflection;
using System.Text.Json.Serialization;
using static Oz.Operator.Tests.Tasks.Fixtures;

namespace Oz.Operator.Tests.Tasks.ApiClient;

public sealed class TaskStatusPatchTests
{
    [Test]
    public void ClearedFieldsAreWrittenAsExplicitNulls()
    {
        var patch = TaskStatusPatch.OwnedFields(new AgentTaskStatus { Phase = AgentTaskPhase.Running });

        Assert.Multiple(() =>
        {
            Assert.That(patch.ContainsKey("reason") && patch["reason"] is null, Is.True);
            Assert.That(patch.ContainsKey("exitCode") && patch["exitCode"] is null, Is.True);
        });
    }

    [Test]
    public void ReportedToOzIsNeverWritten()
    {
        var patch = TaskStatusPatch.OwnedFields(new AgentTaskStatus { Phase = AgentTaskPhase.Failed, ReportedToOz = true });

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

        var json = TaskStatusPatch.OwnedFields(status).ToJsonString();

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

        var patch = TaskStatusPatch.OwnedFields(new AgentTaskStatus());

        Assert.That(patch.Select(field => field.Key), Is.EquivalentTo(apiNames));
    }

    [Test]
    public void TheDurationOfAFinishedTaskIsWritten()
    {
        var patch = TaskStatusPatch.OwnedFields(new AgentTaskStatus { Phase = AgentTaskPhase.Succeeded, Duration = "4m12s" });

        Assert.That(patch["duration"]?.GetValue<string>(), Is.EqualTo("4m12s"));
    }
}
