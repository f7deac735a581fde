using Oz.KubeSim.Json;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Serving the repository's generated CRD from YAML, as <c>serve --crds config/crd</c> does.</summary>
public sealed class CrdLoadingTests
{
    private const string Group = "oz.warp.dev";
    private const string Version = "v1alpha1";
    private const string Plural = "agenttasks";
    private const string SchedulePlural = "agenttaskschedules";

    private static JsonObject Sample(string name)
    {
        var task = YamlJson.ParseDocuments(File.ReadAllText(RepositoryPaths.PathOf("config/samples/oz_v1alpha1_agenttask.yaml"))).Single();
        task["metadata"]!["name"] = name;
        return task;
    }

    private static Task<KubeSimServer> StartAsync(string? crdDirectory = null) =>
        KubeSimServer.StartAsync(new KubeSimOptions { RunControllers = false, CrdDirectory = crdDirectory });

    [Test]
    public async Task TheGeneratedAgentTaskCrdLoadedFromYamlAdmitsTheSample()
    {
        await using var sim = await StartAsync();
        sim.LoadYaml(File.ReadAllText(RepositoryPaths.PathOf("config/crd/oz.warp.dev_agenttasks.yaml")));

        var created = await sim.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(Sample("sample"), Group, Version, "default", Plural);

        Assert.That(JsonPath.GetLong(created, "spec.activeDeadlineSeconds"), Is.EqualTo(7200));
    }

    [Test]
    public async Task TheGeneratedAgentTaskCrdLoadedFromYamlRejectsAValueBelowItsMinimumWith422()
    {
        await using var sim = await StartAsync();
        sim.LoadYaml(File.ReadAllText(RepositoryPaths.PathOf("config/crd/oz.warp.dev_agenttasks.yaml")));
        var task = Sample("zero-deadline");
        task["spec"]!["activeDeadlineSeconds"] = 0;

        var (code, message) = await FailureOf(() => sim.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(task, Group, Version, "default", Plural));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(message, Does.Contain("spec.activeDeadlineSeconds in body should be greater than or equal to 1"));
        });
    }

    [Test]
    public async Task ACrdDirectoryWithAKustomizationServesTheCrdAndSkipsTheKustomization()
    {
        await using var sim = await StartAsync(RepositoryPaths.PathOf("config/crd"));

        var created = await sim.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(Sample("from-dir"), Group, Version, "default", Plural);

        Assert.Multiple(() =>
        {
            Assert.That(JsonPath.GetString(created, "metadata.name"), Is.EqualTo("from-dir"));
            Assert.That(sim.SkippedCrdDocuments, Is.EqualTo(new[] { "kustomization.yaml: kustomize.config.k8s.io/v1beta1 Kustomization" }));
        });
    }

    [Test]
    public async Task LoadingACrdDirectorySkipsEveryDocumentThatIsNotACrd()
    {
        var dir = Directory.CreateTempSubdirectory("kubesim-crds-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "extra.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: not-a-crd\n---\n" + KubernetesYaml.Serialize(TestCrd.Definition().Initialize()));
            File.WriteAllText(Path.Combine(dir.FullName, "kustomization.yaml"), "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- extra.yaml\n");

            await using var sim = await StartAsync(dir.FullName);

            var crd = await sim.Client.ApiextensionsV1.ReadCustomResourceDefinitionAsync($"{TestCrd.Plural}.{TestCrd.Group}");
            Assert.Multiple(() =>
            {
                Assert.That(crd.Spec.Names.Kind, Is.EqualTo("Widget"));
                Assert.That(sim.SkippedCrdDocuments, Is.EquivalentTo(new[] { "extra.yaml: v1 ConfigMap", "kustomization.yaml: kustomize.config.k8s.io/v1beta1 Kustomization" }));
            });
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static JsonObject SampleSchedule()
    {
        var schedule = YamlJson.ParseDocuments(File.ReadAllText(RepositoryPaths.PathOf("config/samples/oz_v1alpha1_agenttaskschedule.yaml"))).Single();
        schedule["metadata"]!["namespace"] = "default";
        return schedule;
    }

    [Test]
    public async Task TheGeneratedAgentTaskScheduleCrdAdmitsTheSample()
    {
        await using var sim = await StartAsync(RepositoryPaths.PathOf("config/crd"));

        var created = await sim.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(SampleSchedule(), Group, Version, "default", SchedulePlural);

        Assert.That(JsonPath.GetString(created, "spec.schedule"), Is.Not.Empty);
    }

    [TestCase("schedule", "every day at six", "schedule must be five cron fields")]
    [TestCase("schedule", "0 6 * *", "schedule must be five cron fields")]
    [TestCase("successfulRunsHistoryLimit", -1, "successfulRunsHistoryLimit must be 0 or more")]
    [TestCase("failedRunsHistoryLimit", -1, "failedRunsHistoryLimit must be 0 or more")]
    [TestCase("timeZone", "UTC+2:00", "timeZone must be an IANA time zone name")]
    public async Task TheAgentTaskScheduleCrdsValidationRefusesABadValueWith422AndItsMessage(string field, object value, string message)
    {
        await using var sim = await StartAsync(RepositoryPaths.PathOf("config/crd"));
        var schedule = SampleSchedule();
        schedule["spec"]![field] = JsonValue.Create(value);

        var (code, body) = await FailureOf(() => sim.Client.CustomObjects.CreateNamespacedCustomObjectAsync<JsonObject>(schedule, Group, Version, "default", SchedulePlural));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(body, Does.Contain(message));
        });
    }

    private static async Task<(int Code, string Message)> FailureOf(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return ((int)e.Response.StatusCode, e.Response.Content);
        }

        Assert.Fail("the call was expected to fail");
        return (0, "");
    }
}
