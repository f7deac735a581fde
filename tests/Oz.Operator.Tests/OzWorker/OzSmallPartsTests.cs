using Oz.Operator.OzWorker;
using Oz.Operator.OzWorker.Bridge;
using Oz.Operator.OzWorker.Connection;
using Oz.Operator.OzWorker.Protocol;

namespace Oz.Operator.Tests.OzWorker;

/// <summary>Backoff, URL building, credentials, failure-reason mapping and report eligibility.</summary>
public sealed class OzSmallPartsTests
{
    [Test]
    public void ReconnectBackoffDoublesFromTheInitialDelayToTheCap()
    {
        var backoff = new OzConnectionOptions { InitialReconnectDelay = TimeSpan.FromSeconds(1), MaxReconnectDelay = TimeSpan.FromSeconds(60), ReconnectJitter = 0 }.ReconnectBackoff;

        var delays = Enumerable.Range(1, 9).Select(attempt => backoff.Delay(attempt).TotalSeconds).ToArray();

        Assert.That(delays, Is.EqualTo(new double[] { 1, 2, 4, 8, 16, 32, 60, 60, 60 }));
    }

    [Test]
    public void ReconnectBackoffJitterStaysWithinItsShareBelowTheBase()
    {
        var backoff = new OzConnectionOptions { InitialReconnectDelay = TimeSpan.FromSeconds(8), MaxReconnectDelay = TimeSpan.FromSeconds(8), ReconnectJitter = 0.2 }.ReconnectBackoff;
        var random = new Random(1);

        var delays = Enumerable.Range(1, 200).Select(attempt => backoff.Delay(attempt, random).TotalSeconds).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(delays, Has.All.InRange(6.4, 8.0));
            Assert.That(delays.Distinct().Count(), Is.GreaterThan(100), "delays are spread out");
        });
    }

    [Test]
    public void DefaultOptionsFollowTheProtocol()
    {
        var options = new OzConnectionOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.PingInterval, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(options.DeadAfterSilence, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(options.WriteTimeout, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(options.InitialReconnectDelay, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(options.MaxReconnectDelay, Is.EqualTo(TimeSpan.FromSeconds(60)));
            Assert.That(OzConnection.PongTimeout(options), Is.EqualTo(TimeSpan.FromSeconds(30)));
        });
    }

    [TestCase("wss://oz.warp.dev/api/v1/selfhosted/worker/ws", "w-1", "wss://oz.warp.dev/api/v1/selfhosted/worker/ws?worker_id=w-1")]
    [TestCase("ws://127.0.0.1:5000/ws?region=eu", "w-1", "ws://127.0.0.1:5000/ws?region=eu&worker_id=w-1")]
    [TestCase("ws://h/ws?worker_id=old&x=1", "new", "ws://h/ws?x=1&worker_id=new")]
    [TestCase("https://h/ws", "a b&c", "wss://h/ws?worker_id=a%20b%26c")]
    [TestCase("http://h:8080/ws", "w", "ws://h:8080/ws?worker_id=w")]
    public void WorkerIdIsAddedToTheUrlsQuery(string url, string workerId, string expected) =>
        Assert.That(OzWebSocketUri.Build(url, workerId).AbsoluteUri, Is.EqualTo(expected));

    [Test]
    public void CredentialsComeFromWarpApiKeyOnly()
    {
        var env = new Dictionary<string, string?> { ["WARP_API_KEY"] = " key-1 " };

        Assert.Multiple(() =>
        {
            Assert.That(OzCredentials.FromEnvironment(n => env.GetValueOrDefault(n))!.ApiKey, Is.EqualTo("key-1"));
            Assert.That(OzCredentials.FromEnvironment(_ => null), Is.Null);
            Assert.That(OzCredentials.FromEnvironment(_ => "  "), Is.Null);
            Assert.That(new OzCredentials("key-1").ToString(), Does.Not.Contain("key-1"));
        });
    }

    [Test]
    public void EveryFailureReasonMapsToAProtocolString()
    {
        string[] protocol =
        [
            "unknown", "task_timeout", "task_cancelled", "graceful_shutdown", "image_pull", "sidecar_prep", "container_create",
            "container_start", "container_wait", "container_exit", "container_oom", "workspace_setup", "setup_command",
            "agent_invocation", "teardown_command", "job_create", "job_watch", "job_failed", "evicted", "pod_watch",
            "unschedulable", "volume_mount", "init_container", "invalid_image", "active_deadline", "cleanup",
        ];

        // Distinct: several reasons may share a protocol string (JobCreateRefused and SecretNotAllowed are both job_create).
        var mapped = Enum.GetValues<FailureReason>().Select(r => OzFailureReasons.From(r)).Distinct().ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(mapped, Is.SubsetOf(protocol));
            Assert.That(mapped, Does.Not.Contain("unknown"), "every known reason has its own string");
            Assert.That(OzFailureReasons.From(null), Is.EqualTo("unknown"));
        });
    }

    [TestCase(AgentTaskPhase.Succeeded, null, "t", true)]
    [TestCase(AgentTaskPhase.Failed, null, "t", true)]
    [TestCase(AgentTaskPhase.Cancelled, null, "t", true)]
    [TestCase(AgentTaskPhase.Succeeded, true, "t", false)]
    [TestCase(AgentTaskPhase.Succeeded, false, "t", true)]
    [TestCase(AgentTaskPhase.Running, null, "t", false)]
    [TestCase(AgentTaskPhase.Queued, null, "t", false)]
    [TestCase(AgentTaskPhase.Succeeded, null, null, false)]
    [TestCase(AgentTaskPhase.Succeeded, null, "", false)]
    public void ReportIsDueForTerminalUnreportedOzTasksOnly(AgentTaskPhase phase, bool? reported, string? taskId, bool due)
    {
        var task = new AgentTask
        {
            Spec = new AgentTaskSpec { TaskId = taskId },
            Status = new AgentTaskStatus { Phase = phase, ReportedToOz = reported },
        };

        Assert.That(TaskReport.IsDue(task), Is.EqualTo(due));
    }

    [Test]
    public void ReportWithoutAMessageSaysWhatHappened()
    {
        var task = new AgentTask
        {
            Spec = new AgentTaskSpec { TaskId = "t" },
            Status = new AgentTaskStatus { Phase = AgentTaskPhase.Failed, Reason = FailureReason.ImagePull },
        };

        var report = (TaskFailed)TaskReport.For(task);

        Assert.That(report.Message, Does.Contain("ImagePull"));
    }
}
