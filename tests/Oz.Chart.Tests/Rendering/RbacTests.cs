
namespace Oz.Chart.Tests.Rendering;

[TestFixture(3)]
[TestFixture(4)]
public sealed class RbacTests(int helmMajor) : RenderingTestBase(helmMajor)
{
    [Test]
    public void TaskRoleGrantsExactlyTheVerbsTheOperatorNeeds()
    {
        var role = RenderWith().Single<V1Role>("oz-oz-operator");

        Assert.That(RbacPermission.Of(role), Is.EquivalentTo(ExpectedRbac.TaskNamespace));
    }

    [Test]
    public void LeaderElectionRoleGrantsOnlyLeasesAndEvents()
    {
        var role = RenderWith().Single<V1Role>("oz-oz-operator-leader-election");

        Assert.That(RbacPermission.Of(role), Is.EquivalentTo(ExpectedRbac.LeaderElection));
    }

    [Test]
    public void TheOnlyClusterRoleGetsTheTaskNamespaceByNameAndIsBoundToTheServiceAccount()
    {
        var chart = RenderRich();

        var clusterRole = chart.All<V1ClusterRole>().Single();
        var binding = chart.All<V1ClusterRoleBinding>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(clusterRole.Rules.Select(r => (string.Join(",", r.ApiGroups), string.Join(",", r.Resources), string.Join(",", r.ResourceNames), string.Join(",", r.Verbs))),
                Is.EqualTo(new[] { ("", "namespaces", "oz-tasks", "get") }));
            Assert.That(binding.RoleRef.Name, Is.EqualTo(clusterRole.Metadata.Name));
            Assert.That(binding.Subjects.Single().Name, Is.EqualTo(chart.Single<V1ServiceAccount>().Metadata.Name));
            Assert.That(binding.Subjects.Single().NamespaceProperty, Is.EqualTo(Helm.ReleaseNamespace));
        });
    }

    [Test]
    public void ReadTaskNamespaceFalseRendersNoClusterRoleOrClusterRoleBinding()
    {
        var chart = RenderWith("--set", "rbac.readTaskNamespace=false");

        Assert.That(chart.Kinds, Has.None.EqualTo("ClusterRole").And.None.EqualTo("ClusterRoleBinding"));
    }

    [Test]
    public void TaskRoleFollowsTheTaskNamespaceAndLeaseRoleStaysInTheReleaseNamespace()
    {
        var chart = RenderRich();

        var roles = chart.All<V1Role>().ToDictionary(r => r.Metadata.Name, r => r.Metadata.NamespaceProperty);
        Assert.That(roles, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["oz-oz-operator"] = "oz-tasks",
            ["oz-oz-operator-leader-election"] = Helm.ReleaseNamespace,
        }));
    }

    [Test]
    public void RoleBindingsBindEachRoleToTheOperatorServiceAccount()
    {
        var chart = RenderRich();
        var serviceAccount = chart.Single<V1ServiceAccount>();

        foreach (var binding in chart.All<V1RoleBinding>())
        {
            var role = chart.Single<V1Role>(binding.RoleRef.Name);
            Assert.Multiple(() =>
            {
                Assert.That(binding.Metadata.NamespaceProperty, Is.EqualTo(role.Metadata.NamespaceProperty), binding.Metadata.Name);
                Assert.That(binding.RoleRef.Kind, Is.EqualTo("Role"));
                Assert.That(binding.Subjects, Has.Count.EqualTo(1));
                Assert.That(binding.Subjects[0].Kind, Is.EqualTo("ServiceAccount"));
                Assert.That(binding.Subjects[0].Name, Is.EqualTo(serviceAccount.Metadata.Name));
                Assert.That(binding.Subjects[0].NamespaceProperty, Is.EqualTo(Helm.ReleaseNamespace));
            });
        }

        Assert.That(chart.All<V1RoleBinding>().Count(), Is.EqualTo(2));
        Assert.That(chart.Deployment.Spec.Template.Spec.ServiceAccountName, Is.EqualTo(serviceAccount.Metadata.Name));
    }

    [Test]
    public void RbacCreateFalseRendersNoRolesOrBindings()
    {
        var chart = RenderWith("--set", "rbac.create=false");

        Assert.That(chart.Kinds, Has.None.EqualTo("Role").And.None.EqualTo("RoleBinding").And.None.EqualTo("ClusterRole").And.None.EqualTo("ClusterRoleBinding"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void EveryObjectButTheCrdsAndTheNamespaceReaderIsNamespaced(bool installCrds)
    {
        var chart = Render(["rich"], "--set", $"crds.install={installCrds.ToString().ToLowerInvariant()}");
        var reader = $"oz-oz-operator-{Helm.ReleaseNamespace}-namespace-reader";

        var clusterScoped = chart.Objects.Cast<IKubernetesObject<V1ObjectMeta>>()
            .Where(o => string.IsNullOrEmpty(o.Metadata.NamespaceProperty))
            .Select(o => $"{o.Kind}/{o.Metadata.Name}");
        var expected = new[] { $"ClusterRole/{reader}", $"ClusterRoleBinding/{reader}" }.Concat(installCrds
            ? new[] { "CustomResourceDefinition/agenttasks.oz.warp.dev", "CustomResourceDefinition/agenttaskschedules.oz.warp.dev" }
            : []);
        Assert.That(clusterScoped, Is.EquivalentTo(expected));
    }
}
