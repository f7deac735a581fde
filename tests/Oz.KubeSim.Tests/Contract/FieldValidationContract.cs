using k8s.Autorest;
using static Oz.KubeSim.Tests.Fixtures.TestCrd;

namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// Server-side field validation: a body with a field its kind does not declare is refused with
/// 400 under <c>fieldValidation=Strict</c> (what kubectl sends), answered with a Warning header
/// under <c>Warn</c> (the server default) and accepted silently under <c>Ignore</c>; for built-in
/// kinds (decoded into their types) and custom resources (the fields pruning would drop).
/// </summary>
public abstract class FieldValidationContract : ClusterTestBase
{
    private static JsonObject JobWithUnknownContainerField(string name) => new()
    {
        ["apiVersion"] = "batch/v1",
        ["kind"] = "Job",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject
        {
            ["template"] = new JsonObject
            {
                ["spec"] = new JsonObject
                {
                    ["restartPolicy"] = "Never",
                    ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "busybox:1.36", ["comand"] = new JsonArray("true") }),
                },
            },
        },
    };

    // The warn-text of each "299 - "<text>"" header, unquoted as kubectl prints it.
    private static IEnumerable<string> Warnings(HttpResponseMessage response) =>
        (response.Headers.TryGetValues("Warning", out var values) ? values : [])
            .Select(v => v.StartsWith("299 - \"", StringComparison.Ordinal) && v.EndsWith('"') ? v[7..^1] : v)
            .Select(v => v.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));

    private Task<HttpOperationResponse<object>> CreateJobAsync(JsonObject body, string? fieldValidation) =>
        Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(body, "batch", "v1", Ns, "jobs", fieldValidation: fieldValidation);

    private async Task<HttpOperationResponse<V1ConfigMap>> PatchConfigMapAsync(string patch, string? fieldValidation)
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), Ns);
        return await Client.CoreV1.PatchNamespacedConfigMapWithHttpMessagesAsync(new V1Patch(patch, V1Patch.PatchType.MergePatch), "cm", Ns, fieldValidation: fieldValidation);
    }

    [Test]
    public async Task StrictRefusesABuiltInKindWithAnUnknownFieldNamingItsPath()
    {
        var (code, status) = await FailureOf(() => CreateJobAsync(JobWithUnknownContainerField("strict"), "Strict"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(400));
            Assert.That(status!.Reason, Is.EqualTo("BadRequest"));
            Assert.That(status.Message, Is.EqualTo("Job in version \"v1\" cannot be handled as a Job: strict decoding error: unknown field \"spec.template.spec.containers[0].comand\""));
        });
    }

    [Test]
    public async Task WarnIsTheDefaultAndAnswersWithAWarningHeaderPerUnknownField()
    {
        using var response = await CreateJobAsync(JobWithUnknownContainerField("warn"), null);

        Assert.That(Warnings(response.Response), Has.Some.Contains("unknown field \"spec.template.spec.containers[0].comand\""));
        var job = await Client.BatchV1.ReadNamespacedJobAsync("warn", Ns);
        Assert.That(job.Spec.Template.Spec.Containers[0].Command, Is.Null, "the unknown field is dropped, not stored");
    }

    [Test]
    public async Task IgnoreAcceptsAnUnknownFieldSilently()
    {
        using var response = await CreateJobAsync(JobWithUnknownContainerField("ignore"), "Ignore");

        Assert.That(Warnings(response.Response).Where(w => w.Contains("unknown field", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task StrictRefusesAMergePatchWithAnUnknownField()
    {
        var (code, status) = await FailureOf(() => PatchConfigMapAsync("""{"data":{"a":"b"},"dta":{"c":"d"}}""", "Strict"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(400));
            Assert.That(status!.Message, Is.EqualTo("strict decoding error: unknown field \"dta\""));
        });
    }

    [Test]
    public async Task AMergePatchWithAnUnknownFieldWarnsByDefault()
    {
        using var response = await PatchConfigMapAsync("""{"dta":{"c":"d"}}""", null);

        Assert.That(Warnings(response.Response), Has.Some.Contains("unknown field \"dta\""));
    }

    [Test]
    public async Task StrictRefusesACustomResourceWithFieldsItsSchemaDoesNotDeclare()
    {
        await EnsureAsync(Client);
        var widget = Widget("strict");
        widget["spec"]!["sise"] = 2;

        var (code, status) = await FailureOf(() => Client.CustomObjects.CreateNamespacedCustomObjectAsync(widget, Group, CrdVersion, Ns, Plural, fieldValidation: "Strict"));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(400));
            Assert.That(status!.Message, Is.EqualTo("Widget in version \"v1\" cannot be handled as a Widget: strict decoding error: unknown field \"spec.sise\""));
        });
    }

    [Test]
    public async Task ACustomResourceWithAnUnknownFieldIsPrunedWithAWarningByDefault()
    {
        await EnsureAsync(Client);
        var widget = Widget("warn");
        widget["spec"]!["sise"] = 2;

        using var response = await Client.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync(widget, Group, CrdVersion, Ns, Plural);

        Assert.That(Warnings(response.Response), Has.Some.Contains("unknown field \"spec.sise\""));
        var stored = AsObject(await Client.CustomObjects.GetNamespacedCustomObjectAsync(Group, CrdVersion, Ns, Plural, "warn"));
        Assert.That(stored["spec"]!.AsObject().ContainsKey("sise"), Is.False);
    }
}
