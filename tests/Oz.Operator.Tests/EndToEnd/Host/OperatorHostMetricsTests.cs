using Oz.Operator.Tests.Telemetry;

namespace Oz.Operator.Tests.EndToEnd.Host;

/// <summary>The real host's /metrics endpoint, scraped over HTTP during a run against KubeSim.</summary>
[NonParallelizable]
[CancelAfter(TestBudgets.EndToEndMilliseconds)]
public sealed class OperatorHostMetricsTests
{
    [Test]
    public async Task ASuccessAndAnOomFailureShowUpInTheScrapedCounters()
    {
        await using var env = await HostOnKubeSim.StartAsync();
        var replica = env.StartReplica("operator");
        await env.CreateTaskAsync("fine");
        await env.CreateTaskAsync("greedy", spec => spec.Image = "kubesim/oom");
        await env.WaitForTaskAsync("fine", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded");
        await env.WaitForTaskAsync("greedy", t => t.Status?.Reason == FailureReason.ContainerOOM, "Failed with ContainerOOM");

        await Eventually.Until(() => replica.Components.Telemetry.MetricsServer?.Port is > 0, "the metrics listener");
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{replica.Components.Telemetry.MetricsServer!.Port}/metrics");
        string scrape = "";
        await Eventually.UntilAsync(
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

    /// <summary>
    /// The other direction of the documentation check: what a real operator exposes (every
    /// <c>oz_operator_</c> family after one task ran, primed counters included) is exactly the
    /// catalogue of docs/observability.md, with the same types and label names.
    /// </summary>
    [Test]
    public async Task EveryScrapedMetricIsDocumentedWithItsTypeAndLabelsAndEveryDocumentedOneIsScraped()
    {
        await using var env = await HostOnKubeSim.StartAsync();
        var replica = env.StartReplica("operator");
        await env.CreateTaskAsync("documented");
        await env.WaitForTaskAsync("documented", t => t.Status?.Phase == AgentTaskPhase.Succeeded, "Succeeded");
        await Eventually.Until(() => replica.Components.Telemetry.MetricsServer?.Port is > 0, "the metrics listener");
        using var http = new HttpClient();
        var url = new Uri($"http://127.0.0.1:{replica.Components.Telemetry.MetricsServer!.Port}/metrics");
        Scrape scrape = new("");
        await Eventually.UntilAsync(
            async () => (scrape = new Scrape(await http.GetStringAsync(url))).Value("oz_operator_tasks_finished_total", "result=Succeeded") >= 1,
            () => "the finished task in /metrics:\n" + scrape.Text);

        var scraped = scrape.Types.Keys.Where(n => n.StartsWith("oz_operator_", StringComparison.Ordinal) || n.StartsWith("oz_worker_", StringComparison.Ordinal)).ToDictionary(
            name => name,
            name => new MetricCatalogue.Entry(scrape.Types[name], LabelsOf(scrape, name)),
            StringComparer.Ordinal);
        var documented = MetricCatalogue.Read();
        Assert.Multiple(() =>
        {
            Assert.That(scraped.Keys.Except(documented.Keys), Is.Empty, "scraped but not in docs/observability.md");
            // Like the reference worker's, the task duration histogram is not primed: it shows once an Oz task finished.
            Assert.That(documented.Keys.Except(scraped.Keys).Except([Oz.Operator.Telemetry.Metrics.ReferenceWorkerMetrics.TaskDurationName]), Is.Empty, "documented but not exposed by a running operator");
            foreach (var (name, entry) in scraped.Where(s => documented.ContainsKey(s.Key)))
            {
                Assert.That(documented[name].Type, Is.EqualTo(entry.Type), $"type of {name}");
                Assert.That(documented[name].Labels, Is.EqualTo(entry.Labels), $"labels of {name}");
            }
        });
    }

    /// <summary>Label names of a family's samples (histogram series included), without the exporter's own.</summary>
    private static string[] LabelsOf(Scrape scrape, string family) =>
    [
        .. scrape.Samples
            .Where(s => s.Name == family || s.Name == family + "_bucket" || s.Name == family + "_sum" || s.Name == family + "_count")
            .SelectMany(s => s.Labels.Keys)
            .Where(l => l != "le" && !l.StartsWith("otel_scope_", StringComparison.Ordinal))
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

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
