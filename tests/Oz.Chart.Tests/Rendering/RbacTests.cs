using k8s;
using k8s.Models;
using Oz.Chart.Tests.Support;

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
    public void ChartHasNoClusterRoleOrClusterRoleBinding()
    {
        foreach (var chart in new[] { RenderWith(), RenderRich() })
        {
            Assert.That(chart.Kinds, Has.None.EqualTo("ClusterRole").And.None.EqualTo("ClusterRoleBinding"));
        }
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

        Assert.That(chart.Kinds, Has.None.EqualTo("Role").And.None.EqualTo("RoleBinding"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void EveryObjectButTheCrdsIsNamespaced(bool installCrds)
    {
        var chart = Render(["rich"], "--set", $"crds.install={installCrds.ToString().ToLowerInvariant()}");

        var clusterScoped = chart.Objects.Cast<IKubernetesObject<V1ObjectMeta>>()
            .Where(o => string.IsNullOrEmpty(o.Metadata.NamespaceProperty))
            .Select(o => $"{o.Kind}/{o.Metadata.Name}");
        var expected = installCrds
            ? new[] { "CustomResourceDefinition/agenttasks.oz.warp.dev", "CustomResourceDefinition/agenttaskschedules.oz.warp.dev" }
            : [];
        Assert.That(clusterScoped, Is.EquivalentTo(expected));
    }
}
