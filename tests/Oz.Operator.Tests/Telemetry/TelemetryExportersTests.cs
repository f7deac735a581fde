using Oz.Operator.Telemetry.Export;

namespace Oz.Operator.Tests.Telemetry;

public sealed class TelemetryExportersTests
{
    private static readonly object[] Cases =
    [
        new object[] { "prometheus", "", new TelemetryExporters(true, false, false) },
        new object[] { "otlp", "", new TelemetryExporters(false, true, true) },
        new object[] { "none", "", new TelemetryExporters(false, false, false) },
        new object[] { "prometheus", "OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", new TelemetryExporters(true, false, true) },
        new object[] { "prometheus", "OTEL_METRICS_EXPORTER=prometheus,otlp", new TelemetryExporters(true, true, true) },
        new object[] { "prometheus", "OTEL_METRICS_EXPORTER=none", new TelemetryExporters(false, false, false) },
        new object[] { "otlp", "OTEL_TRACES_EXPORTER=none", new TelemetryExporters(false, true, false) },
        new object[] { "prometheus", "OTEL_TRACES_EXPORTER=otlp", new TelemetryExporters(true, false, true) },
        new object[] { "otlp", "OTEL_SDK_DISABLED=true", new TelemetryExporters(false, false, false) },
    ];

    [TestCaseSource(nameof(Cases))]
    public void ConfigurationAndOtelVariablesChooseTheExporters(string configured, string variable, TelemetryExporters expected)
    {
        var environment = variable.Length == 0
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [variable.Split('=', 2)[0]] = variable.Split('=', 2)[1] };

        var selected = TelemetryExporters.Select(new TelemetryOptions { MetricsExporter = configured }, environment);

        Assert.That(selected, Is.EqualTo(expected));
    }
}
