using Oz.KubeSim;
using YamlDotNet.RepresentationModel;

namespace Oz.Chart.Tests.Packaging;

/// <summary>
/// Every manifest the repository ships or shows — the chart's rendered output, config/ and the
/// YAML examples in the docs — is applied with kubectl (server-side dry run) to the API simulator,
/// which validates fields as kube-apiserver does: kubectl sends fieldValidation=Strict, so a
/// misspelt or misplaced field fails here instead of on a user's cluster. Kinds the simulator does
/// not serve (CRDs of other projects) are listed and must be among the known ones.
/// </summary>
public sealed class ServerFieldValidationTests
{
    private static readonly HashSet<string> Served = new(StringComparer.Ordinal)
    {
        "Namespace", "ServiceAccount", "ConfigMap", "Secret", "Service", "Pod", "Job", "Deployment", "NetworkPolicy",
        "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ResourceQuota", "CustomResourceDefinition", "AgentTask", "AgentTaskSchedule", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
    };

    // Other projects' kinds shown in the docs or optional in the chart; the simulator does not serve them.
    private static readonly HashSet<string> Foreign = new(StringComparer.Ordinal)
    {
        "PodMonitor", "ServiceMonitor", "Application", "GitRepository", "HelmRepository", "HelmRelease", "Kustomization", "OCIRepository",
    };

    private KubeSimServer sim = null!;
    private string directory = "";

    [OneTimeSetUp]
    public async Task StartSimulator()
    {
        sim = await KubeSimServer.StartAsync(new KubeSimOptions { RunControllers = false });
        directory = Path.Combine(Path.GetTempPath(), "oz-field-validation-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        sim.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        foreach (var ns in new[] { Helm.ReleaseNamespace, "oz-tasks", "argocd", "flux-system" })
        {
            Kubectl.Run(["--kubeconfig", Kubeconfig, "create", "namespace", ns]);
        }

        foreach (var file in RepositoryPaths.CrdFiles)
        {
            var crd = Kubectl.Run(["--kubeconfig", Kubeconfig, "apply", "-f", RepositoryPaths.GeneratedCrd(file)]);
            Assert.That(crd.ExitCode, Is.Zero, crd.ToString());
        }
    }

    [OneTimeTearDown]
    public async Task StopSimulator()
    {
        await sim.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }

    private string Kubeconfig => Path.Combine(directory, "kubeconfig");

    [TestCase("default")]
    [TestCase("rich")]
    [TestCase("task-namespace")]
    public void TheRenderedChartIsAcceptedUnderStrictFieldValidation(string valuesFile)
    {
        var rendered = Helm.Template(3, [valuesFile], []);
        Assert.That(rendered.ExitCode, Is.Zero, rendered.ToString());

        AssertAcceptedStrictly($"chart-{valuesFile}", rendered.StandardOutput);
    }

    [Test]
    public void TheKustomizeInstallIsAcceptedUnderStrictFieldValidation()
    {
        var built = Kubectl.Run(["kustomize", RepositoryPaths.KustomizeDefault]);
        Assert.That(built.ExitCode, Is.Zero, built.ToString());

        AssertAcceptedStrictly("kustomize", built.StandardOutput);
    }

    private static IEnumerable<string> ShippedManifests() =>
        new[] { "samples", "argocd" }
            .SelectMany(dir => Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "config", dir), "*.yaml"))
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .Select(file => Path.GetRelativePath(RepositoryPaths.Root, file))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(ShippedManifests))]
    public void AShippedManifestIsAcceptedUnderStrictFieldValidation(string file) =>
        AssertAcceptedStrictly(Path.GetFileNameWithoutExtension(file), File.ReadAllText(Path.Combine(RepositoryPaths.Root, file)));

    [Test]
    public void TheYamlExamplesInTheDocsAreAcceptedUnderStrictFieldValidation()
    {
        var documents = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md")
            .Append(Path.Combine(RepositoryPaths.Root, "README.md"))
            .Append(RepositoryPaths.ChartReadme)
            .SelectMany(file => YamlBlocks(File.ReadAllText(file)))
            .ToList();

        Assert.That(documents, Is.Not.Empty);
        AssertAcceptedStrictly("docs", string.Join("\n---\n", documents));
    }

    // Objects without a namespace go to the kubeconfig's (default).
    private void AssertAcceptedStrictly(string name, string manifests)
    {
        var (kept, skipped) = Split(manifests);
        Assert.That(skipped.Except(Foreign), Is.Empty, $"{name}: kinds neither served by the simulator nor known to be foreign");
        if (kept.Count == 0)
        {
            return;
        }

        var file = Path.Combine(directory, name + ".yaml");
        File.WriteAllText(file, string.Join("\n---\n", kept));

        var applied = Kubectl.Run(["--kubeconfig", Kubeconfig, "apply", "--dry-run=server", "--validate=strict", "-f", file]);

        Assert.That(applied.ExitCode, Is.Zero, applied.ToString());
        Assert.That(applied.StandardError, Does.Not.Contain("unknown field"), applied.ToString());
    }

    [Test]
    public void AMisspeltFieldIsRefusedWithItsPath()
    {
        var file = Path.Combine(directory, "typo.yaml");
        File.WriteAllText(file, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: typo\nspec:\n  selector:\n    matchLabels: {app: typo}\n  template:\n    metadata:\n      labels: {app: typo}\n    spec:\n      containers:\n        - name: c\n          image: busybox:1.36\n          imagePullPolicy: IfNotPresent\n          resource: {}\n");

        var applied = Kubectl.Run(["--kubeconfig", Kubeconfig, "apply", "--dry-run=server", "-f", file]);

        Assert.That(applied.ExitCode, Is.Not.Zero, applied.ToString());
        Assert.That(applied.StandardError, Does.Contain("strict decoding error: unknown field \"spec.template.spec.containers[0].resource\""), applied.ToString());
    }

    /// <summary>The documents (with apiVersion and kind) whose kinds the simulator serves, and the kinds of the others.</summary>
    private static (List<string> Kept, HashSet<string> Skipped) Split(string manifests)
    {
        var kept = new List<string>();
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        foreach (var document in manifests.Split(["\n---\n", "\n---\r\n"], StringSplitOptions.RemoveEmptyEntries))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(document));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue("kind", out var kindNode) || !root.Children.ContainsKey("apiVersion"))
            {
                continue;
            }

            var kind = ((YamlScalarNode)kindNode).Value ?? "";
            if (Served.Contains(kind))
            {
                kept.Add(document);
            }
            else
            {
                skipped.Add(kind);
            }
        }

        return (kept, skipped);
    }

    /// <summary>The ```yaml blocks of a Markdown text that are whole objects (apiVersion and kind at the top).</summary>
    private static IEnumerable<string> YamlBlocks(string markdown)
    {
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("```yaml", StringComparison.Ordinal))
            {
                continue;
            }

            var block = new List<string>();
            for (i++; i < lines.Length && !lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal); i++)
            {
                block.Add(lines[i]);
            }

            var text = string.Join('\n', block);
            if (block.Any(l => l.StartsWith("apiVersion:", StringComparison.Ordinal)) && block.Any(l => l.StartsWith("kind:", StringComparison.Ordinal)))
            {
                yield return text;
            }
        }
    }
}
