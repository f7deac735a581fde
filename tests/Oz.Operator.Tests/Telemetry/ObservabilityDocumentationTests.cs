using System.Diagnostics.Metrics;
using Oz.Operator.OzWorker;
using Oz.Operator.Telemetry.Metrics;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>
/// docs/observability.md's metric catalogue is the list of instruments, with their types. (The
/// scrape of a real run is checked against it too, with labels: OperatorHostMetricsTests.)
/// </summary>
[NonParallelizable]
public sealed partial class ObservabilityDocumentationTests
{
    [Test]
    public void TheCatalogueListsEveryInstrumentWithItsPrometheusType()
    {
        var documented = MetricCatalogue.Read().ToDictionary(e => e.Key, e => e.Value.Type, StringComparer.Ordinal);
        var instruments = new Dictionary<string, string>(StringComparer.Ordinal);
        using var metrics = new OperatorMetrics();
        using var oz = new OzMetrics();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter) || ReferenceEquals(instrument.Meter, oz.Meter))
                {
                    instruments[instrument.Name] = PrometheusType(instrument);
                }
            },
        };
        listener.Start();

        Assert.That(documented, Is.EquivalentTo(instruments));
    }

    [Test]
    public void EveryDashboardQueryUsesOnlyDocumentedMetrics()
    {
        var documented = File.ReadAllText(MetricCatalogue.DocumentPath);
        var dashboard = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "charts", "oz-operator", "dashboards", "oz-operator.json"));
        var used = MetricName().Matches(dashboard).Select(m => Regex.Replace(m.Value, "_(bucket|sum|count)$", "")).Distinct().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(used, Is.Not.Empty);
            foreach (var name in used)
            {
                Assert.That(documented, Does.Contain($"`{name}`"), name);
            }
        });
    }

    private static string PrometheusType(Instrument instrument) => instrument.GetType().Name switch
    {
        var n when n.StartsWith("Histogram", StringComparison.Ordinal) => "histogram",
        var n when n.StartsWith("Counter", StringComparison.Ordinal) || n.StartsWith("ObservableCounter", StringComparison.Ordinal) => "counter",
        _ => "gauge",
    };

    [GeneratedRegex(@"oz_operator_[a-z_]+")]
    private static partial Regex MetricName();
}
