
namespace Oz.Chart.Tests.Packaging;

/// <summary>config/default: the raw manifests for `kubectl apply -k config/default`.</summary>
public sealed class KustomizeTests
{
    private static readonly Lazy<IReadOnlyList<object>> Objects = new(Build);

    private static IReadOnlyList<object> Build()
    {
        GeneratedCrd.LoadAllOrFail();
        var result = Kubectl.Run("kustomize", RepositoryPaths.KustomizeDefault);
        Assert.That(result.ExitCode, Is.Zero, $"kubectl kustomize config/default failed: {result}");
        return ManifestLoader.LoadStrict(result.StandardOutput);
    }

    [Test]
    public void DefaultKustomizationRendersTheCrdsRbacAndManager()
    {
        var kinds = Objects.Value.Cast<IKubernetesObject>().Select(o => o.Kind);

        Assert.That(kinds, Is.EquivalentTo(new[]
        {
            "Namespace", "CustomResourceDefinition", "CustomResourceDefinition", "ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Deployment",
            "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        }));
    }

    [Test]
    public void EveryNamespacedObjectIsInOzSystem()
    {
        var namespaced = Objects.Value.Cast<IKubernetesObject<V1ObjectMeta>>()
            .Where(o => o.Kind is not ("Namespace" or "CustomResourceDefinition" or "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding" or "ClusterRole" or "ClusterRoleBinding"));

        Assert.That(namespaced.Select(o => o.Metadata.NamespaceProperty), Has.All.EqualTo("oz-system"));
    }

    [Test]
    public void RoleGrantsExactlyTheVerbsTheOperatorNeeds()
    {
        var role = Objects.Value.OfType<V1Role>().Single();

        Assert.That(RbacPermission.Of(role), Is.EquivalentTo(ExpectedRbac.SingleNamespace));
    }

    [Test]
    public void TheOnlyClusterRoleGetsTheOperatorNamespaceByNameForItsServiceAccount()
    {
        var clusterRole = Objects.Value.OfType<V1ClusterRole>().Single();
        var binding = Objects.Value.OfType<V1ClusterRoleBinding>().Single();

        Assert.Multiple(() =>
        {
            Assert.That(clusterRole.Rules.Select(r => (string.Join(",", r.ApiGroups), string.Join(",", r.Resources), string.Join(",", r.ResourceNames), string.Join(",", r.Verbs))),
                Is.EqualTo(new[] { ("", "namespaces", "oz-system", "get") }));
            Assert.That(binding.RoleRef.Name, Is.EqualTo(clusterRole.Metadata.Name));
            Assert.That(binding.Subjects.Single().Name, Is.EqualTo(Objects.Value.OfType<V1ServiceAccount>().Single().Metadata.Name));
            Assert.That(binding.Subjects.Single().NamespaceProperty, Is.EqualTo("oz-system"));
        });
    }

    [Test]
    public void OperatorPodPassesPodSecurityRestrictedAndUsesTheGeneratedConfigMap()
    {
        var deployment = Objects.Value.OfType<V1Deployment>().Single();
        var configMap = Objects.Value.OfType<V1ConfigMap>().Single();
        var pod = deployment.Spec.Template.Spec;

        Assert.Multiple(() =>
        {
            Assert.That(RestrictedPodSecurity.Violations(pod), Is.Empty);
            Assert.That(pod.Volumes.Single(v => v.ConfigMap is not null).ConfigMap.Name, Is.EqualTo(configMap.Metadata.Name));
            Assert.That(pod.Containers.Single().Args, Is.EqualTo(new[] { "run", "--config", "/etc/oz-operator/config.yaml" }));
        });
    }

    [Test]
    public void RawConfigUsesOnlyKeysTheOperatorKnowsAndTheOperatorNamespace()
    {
        var config = new ConfigFile(YamlTree.LoadMap(Objects.Value.OfType<V1ConfigMap>().Single().Data["config.yaml"]));

        Assert.That(config.Keys, Is.SubsetOf(OperatorConfigKeys.TopLevel));
        Assert.That(config.Get("namespace"), Is.EqualTo("oz-system"));
    }

    public static IEnumerable<string> CrdFiles() => RepositoryPaths.CrdFiles;

    [TestCaseSource(nameof(CrdFiles))]
    public void CrdIsTheGeneratedOne(string file)
    {
        var generated = (V1CustomResourceDefinition)ManifestLoader.LoadStrict(GeneratedCrd.ReadOrFail(file)).Single();
        var rendered = Objects.Value.OfType<V1CustomResourceDefinition>().Single(crd => crd.Metadata.Name == generated.Metadata.Name);

        // The `labels` transformer adds app.kubernetes.io/part-of; everything else is the file.
        rendered.Metadata.Labels?.Remove("app.kubernetes.io/part-of");
        if (rendered.Metadata.Labels is { Count: 0 })
        {
            rendered.Metadata.Labels = null;
        }

        Assert.That(KubernetesJson.Serialize(rendered), Is.EqualTo(KubernetesJson.Serialize(generated)));
    }
}
