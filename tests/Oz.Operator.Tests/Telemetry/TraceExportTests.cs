using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Oz.Operator.Telemetry.Export;
using Oz.Operator.Telemetry.Tracing;

namespace Oz.Operator.Tests.Telemetry;

/// <summary>The operator's spans leave the process through the OTLP exporter that the configuration selects.</summary>
[NonParallelizable]
public sealed class TraceExportTests
{
    [Test]
    public async Task WithOtlpTracesSelectedTheOperatorsSpansArePostedToTheCollector()
    {
        using var collector = new OtlpHttpCollector();
        await using var services = Services(new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "otlp" }, collector.Endpoint);
        var tracer = services.GetRequiredService<TracerProvider>();

        using (OperatorTracing.StartOzMessageActivity("task_assignment", "task-exported"))
        using (OperatorTracing.StartReconcile("agenttask", new ObjectKey("default", "exported-task"), null))
        {
        }

        Assert.That(tracer.ForceFlush(10_000), Is.True, "the exporter accepted the batch");
        var body = await collector.NextTracesAsync(TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            // OTLP protobuf carries strings as UTF-8: the names and attribute values are in the payload.
            Assert.That(body, Does.Contain("oz task_assignment"));
            Assert.That(body, Does.Contain("task-exported"));
            Assert.That(body, Does.Contain("reconcile agenttask"));
            Assert.That(body, Does.Contain(OperatorTracing.SourceName));
        });
    }

    [Test]
    public async Task WithoutOtlpSelectedNoSpanIsPosted()
    {
        using var collector = new OtlpHttpCollector();
        await using var services = Services(new Dictionary<string, string>(), collector.Endpoint);
        var tracer = services.GetRequiredService<TracerProvider>();

        using (OperatorTracing.StartOzMessageActivity("task_assignment", "task-not-exported"))
        {
        }

        tracer.ForceFlush(2_000);
        Assert.That(await collector.TryNextTracesAsync(TimeSpan.FromMilliseconds(300)), Is.Null);
    }

    private static ServiceProvider Services(Dictionary<string, string> environment, Uri endpoint)
    {
        var collection = new ServiceCollection();
        collection.AddLogging(l => l.ClearProviders());
        collection.AddOperatorTelemetry(new TelemetryOptions { MetricsExporter = "none" }, environment);

        // What OTEL_EXPORTER_OTLP_ENDPOINT/PROTOCOL would say, without touching the process environment.
        collection.Configure<OtlpExporterOptions>(o =>
        {
            o.Endpoint = endpoint;
            o.Protocol = OtlpExportProtocol.HttpProtobuf;
        });
        return collection.BuildServiceProvider();
    }

    /// <summary>Accepts OTLP/HTTP trace exports on a free loopback port and keeps their bodies.</summary>
    private sealed class OtlpHttpCollector : IDisposable
    {
        private readonly HttpListener listener = new();

        public OtlpHttpCollector()
        {
            var port = FreePort();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            listener.Start();
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1/traces");
        }

        public Uri Endpoint { get; }

        public async Task<string> NextTracesAsync(TimeSpan timeout) =>
            await TryNextTracesAsync(timeout) ?? throw new AssertionException($"no OTLP export within {timeout}");

        public async Task<string?> TryNextTracesAsync(TimeSpan timeout)
        {
            var next = listener.GetContextAsync();
            if (await Task.WhenAny(next, Task.Delay(timeout)) != next)
            {
                return null;
            }

            var context = await next;
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var path = context.Request.Url?.AbsolutePath;
            context.Response.StatusCode = 200;
            context.Response.Close();
            return path == "/v1/traces" ? Encoding.UTF8.GetString(body.ToArray()) : $"unexpected path {path}";
        }

        public void Dispose() => listener.Close();

        private static int FreePort()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
    }
}
