using Oz.Crds.V1Alpha1;

namespace Oz.Operator.Tests.EndToEnd.Host;

/// <summary>The real host's /metrics endpoint, scraped over HTTP during a run against KubeSim.</summary>
[NonParallelizable]
public sealed class OperatorHostMetricsTests
{
    [Test]
    public async Task ASuccessAndAnOomFailureShowUpInTheScrapedCounters()
    {
        await using var env = await HostOnKubeSim.StartAsync();
        var replica = env.StartReplica("operator");
        await env.CreateTaskAsync("fine");
        await env.CreateTaskAsync("greedy", "kubesim/oom");
        await env.WaitForTaskAsync("fine", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded");
        await env.WaitForTaskAsync("greedy", t => t.Status?.Reason == FailureReason.ContainerOOM, "Failed with ContainerOOM");

        await HostOnKubeSim.WaitUntilAsync(() => replica.Components.Telemetry.MetricsServer?.Port is > 0, "the metrics listener");
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{replica.Components.Telemetry.MetricsServer!.Port}/metrics");
        string scrape = "";
        await HostOnKubeSim.WaitUntilAsync(
            async () =>
            {
                scrape = await http.GetStringAsync(url);
                return Sample(scrape, "oz_operator_task_failures_total", "reason=\"ContainerOOM\"") >= 1
                    && Sample(scrape, "oz_operator_tasks_finished_total", "result=\"Succeeded\"") >= 1;
            },
            () => "the success and the OOM failure in /metrics:\n" + scrape);

        Assert.Multiple(() =>
        {
            Assert.That(Sample(scrape, "oz_operator_task_failures_total", "reason=\"ContainerOOM\""), Is.EqualTo(1));
            Assert.That(Sample(scrape, "oz_operator_task_failures_total", "reason=\"ImagePull\""), Is.EqualTo(0), "primed at zero");
            Assert.That(Sample(scrape, "oz_operator_tasks_finished_total", "result=\"Succeeded\""), Is.EqualTo(1));
            Assert.That(Sample(scrape, "oz_operator_preflight_passed"), Is.EqualTo(1));
            Assert.That(Sample(scrape, "oz_operator_leader"), Is.EqualTo(1));
            Assert.That(Sample(scrape, "oz_operator_kubernetes_requests_total", "verb=\"create\"", "resource=\"jobs\""), Is.GreaterThanOrEqualTo(2));
        });
    }

    /// <summary>The value of the first sample of <paramref name="metric"/> carrying every one of <paramref name="labels"/>; -1 when absent.</summary>
    private static double Sample(string scrape, string metric, params string[] labels)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if ((line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
                && labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            {
                var value = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];
                return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
