namespace Oz.KubeSim.Tests.Simulator;

/// <summary>kubectl against the simulator: apply a CRD and a resource, see printer columns, delete.</summary>
public sealed class KubectlTests : SimulatorTestBase
{
    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: agenttasks.oz.warp.dev
        spec:
          group: oz.warp.dev
          scope: Namespaced
          names: {plural: agenttasks, singular: agenttask, kind: AgentTask, shortNames: [at]}
          versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources: {status: {}}
            additionalPrinterColumns:
            - {name: Title, type: string, jsonPath: .spec.title}
            - {name: Phase, type: string, jsonPath: .status.phase}
            - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec: {type: object, properties: {title: {type: string}}}
                  status: {type: object, properties: {phase: {type: string}}}
        """;

    private string _dir = "";

    [SetUp]
    public void WriteFiles()
    {
        _dir = Path.Combine(Path.GetTempPath(), "kubesim-kubectl-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        Sim.WriteKubeconfig(Path.Combine(_dir, "kubeconfig"), Ns);
        File.WriteAllText(Path.Combine(_dir, "crd.yaml"), Crd);
        File.WriteAllText(Path.Combine(_dir, "sample.yaml"), "apiVersion: oz.warp.dev/v1alpha1\nkind: AgentTask\nmetadata:\n  name: sample\nspec:\n  title: Hello kubesim\n");
    }

    [TearDown]
    public void RemoveFiles() => Directory.Delete(_dir, recursive: true);

    private Task<(int Code, string Output)> KubectlAsync(params string[] args) =>
        new KubectlRunner(Path.Combine(_dir, "kubeconfig")).RunCombinedAsync(args);

    [Test]
    public async Task KubectlAppliesListsWithPrinterColumnsAndDeletes()
    {
        var crd = await KubectlAsync("apply", "-f", Path.Combine(_dir, "crd.yaml"));
        var sample = await KubectlAsync("apply", "-f", Path.Combine(_dir, "sample.yaml"));
        var get = await KubectlAsync("get", "agenttasks");
        var delete = await KubectlAsync("delete", "-f", Path.Combine(_dir, "sample.yaml"));
        var after = await KubectlAsync("get", "at");

        Assert.Multiple(() =>
        {
            Assert.That(crd.Output, Does.Contain("customresourcedefinition.apiextensions.k8s.io/agenttasks.oz.warp.dev created"));
            Assert.That(sample.Output, Does.Contain("agenttask.oz.warp.dev/sample created"));
            Assert.That(get.Output, Does.Match(@"NAME\s+TITLE\s+PHASE\s+AGE"));
            Assert.That(get.Output, Does.Contain("Hello kubesim"));
            Assert.That(delete.Output, Does.Contain("agenttask.oz.warp.dev \"sample\" deleted"));
            Assert.That(after.Output, Does.Contain("No resources found"));
        });
    }
}
