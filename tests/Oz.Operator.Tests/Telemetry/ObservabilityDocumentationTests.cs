using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Oz.Operator.Telemetry.Metrics;
using Oz.Operator.Tests.Crds;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>docs/observability.md's metric catalogue is the list of instruments, with their types.</summary>
[NonParallelizable]
public sealed partial class ObservabilityDocumentationTests
{
    [Test]
    public void TheCatalogueListsEveryInstrumentWithItsPrometheusType()
    {
        var documented = Catalogue();
        var instruments = new Dictionary<string, string>(StringComparer.Ordinal);
        using var metrics = new OperatorMetrics();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
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
        var documented = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "observability.md"));
        var dashboard = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "charts", "oz-operator", "dashboards", "oz-operator.json"));
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

    private static Dictionary<string, string> Catalogue()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "observability.md"));
        var start = text.IndexOf("<!-- catalogue:start -->", StringComparison.Ordinal);
        var end = text.IndexOf("<!-- catalogue:end -->", StringComparison.Ordinal);
        return Row().Matches(text[start..end]).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\| `(oz_operator_[a-z_]+)` \| (counter|gauge|histogram) \|", RegexOptions.Multiline)]
    private static partial Regex Row();

    [GeneratedRegex(@"oz_operator_[a-z_]+")]
    private static partial Regex MetricName();
}
