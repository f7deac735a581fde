using Oz.Operator.Hosting;

namespace Oz.Operator.Tests.Configuration;

/// <summary>Which Lease the replicas of a worker campaign for, and where it lives.</summary>
public sealed class LeaseNameTests
{
    private static readonly Func<string, string?> InPod = name => name switch
    {
        "POD_NAMESPACE" => "oz-system",
        "POD_NAME" => "oz-operator-7d9f-abcde",
        _ => null,
    };

    [Test]
    public void WithoutAConfiguredNameEachWorkerHasItsOwnLease()
    {
        var blue = OperatorComponents.ElectionSettingsFor(new OperatorOptions { WorkerId = "blue" }, InPod);
        var green = OperatorComponents.ElectionSettingsFor(new OperatorOptions { WorkerId = "green" }, InPod);

        Assert.Multiple(() =>
        {
            Assert.That(blue.LeaseName, Is.EqualTo("oz-operator-leader-blue"));
            Assert.That(green.LeaseName, Is.EqualTo("oz-operator-leader-green"));
        });
    }

    [Test]
    public void AConfiguredNameIsUsedAsItIs()
    {
        var options = new OperatorOptions { WorkerId = "blue", LeaderElection = new LeaderElectionOptions { LeaseName = "my-lease" } };

        Assert.That(OperatorComponents.ElectionSettingsFor(options, InPod).LeaseName, Is.EqualTo("my-lease"));
    }

    [Test]
    public void TheLeaseLivesInThePodsNamespaceNotTheTaskNamespace()
    {
        var options = new OperatorOptions { WorkerId = "blue", Namespace = "oz-tasks" };

        Assert.That(OperatorComponents.ElectionSettingsFor(options, InPod).LeaseNamespace, Is.EqualTo("oz-system"));
    }

    [TestCase("Blue_Team")]
    [TestCase("a.-b")]
    [TestCase("UPPER")]
    public void AWorkerIdThatIsNoValidLeaseNameGivesAValidOne(string workerId)
    {
        var name = LeaderElectionOptions.DefaultLeaseNameFor(workerId);

        Assert.That(KubernetesSyntax.IsDnsSubdomain(name), Is.True, name);
    }

    [Test]
    public void WorkerIdsDifferingOnlyInCaseGetDifferentLeases() =>
        Assert.That(LeaderElectionOptions.DefaultLeaseNameFor("Blue"), Is.Not.EqualTo(LeaderElectionOptions.DefaultLeaseNameFor("BLUE")));

    [Test]
    public void TheDefaultLeaseNameIsDocumented()
    {
        var configuration = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));

        Assert.That(configuration, Does.Contain($"| `leaderElection.leaseName` | string | `{LeaderElectionOptions.DefaultLeaseNamePrefix}<workerId>` |"));
    }
}
