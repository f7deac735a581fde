namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// Authentication by service account tokens and authorization by stored RBAC objects, with the API
/// server's 401/403 bodies. Grants reach the authorizer through a cache on real clusters, so an
/// allowed call is awaited with <see cref="ClusterTestBase.Eventually"/>.
/// </summary>
public abstract class RbacContract : ClusterTestBase
{
    private string User(string sa) => $"system:serviceaccount:{Ns}:{sa}";

    [Test]
    public async Task AServiceAccountWithoutGrantsIsForbiddenToCreateJobsWithTheRbacMessage()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "worker");

        var (code, status) = await FailureOf(() => client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Reason, Is.EqualTo("Forbidden"));
            Assert.That(status.Message, Is.EqualTo($"jobs.batch is forbidden: User \"{User("worker")}\" cannot create resource \"jobs\" in API group \"batch\" in the namespace \"{Ns}\""));
            Assert.That(status.Details.Group, Is.EqualTo("batch"));
            Assert.That(status.Details.Kind, Is.EqualTo("jobs"));
        });
    }

    [Test]
    public async Task ARoleBindingGrantsItsRoleToTheServiceAccountInItsNamespace()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "worker");
        await GrantAsync("worker", new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs"], Verbs = ["create", "get"] });

        await Eventually(async () => await Succeeds(() => client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j"), Ns)), "the job is created");
        var (code, status) = await FailureOf(() => client.CoreV1.ListNamespacedPodAsync(Ns));

        Assert.That(code, Is.EqualTo(403));
        Assert.That(status!.Message, Is.EqualTo($"pods is forbidden: User \"{User("worker")}\" cannot list resource \"pods\" in API group \"\" in the namespace \"{Ns}\""));
    }

    [Test]
    public async Task ResourceNamesLimitAGrantToTheNamedObjects()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("allowed"), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other"), Ns);
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "reader");
        await GrantAsync("reader", new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], ResourceNames = ["allowed"], Verbs = ["get"] });

        await Eventually(async () => await Succeeds(() => client.CoreV1.ReadNamespacedConfigMapAsync("allowed", Ns)), "the named config map is readable");
        var (code, status) = await FailureOf(() => client.CoreV1.ReadNamespacedConfigMapAsync("other", Ns));

        Assert.That(code, Is.EqualTo(403));
        Assert.That(status!.Message, Is.EqualTo($"configmaps \"other\" is forbidden: User \"{User("reader")}\" cannot get resource \"configmaps\" in API group \"\" in the namespace \"{Ns}\""));
    }

    [Test]
    public async Task AGrantOnJobsDoesNotCoverTheStatusSubresource()
    {
        await Client.BatchV1.CreateNamespacedJobAsync(CrudContract.SampleJob("j"), Ns);
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "worker");
        await GrantAsync("worker", new V1PolicyRule { ApiGroups = ["batch"], Resources = ["jobs"], Verbs = ["get"] });
        await Eventually(async () => await Succeeds(() => client.BatchV1.ReadNamespacedJobAsync("j", Ns)), "the job is readable");

        var (code, status) = await FailureOf(() => client.BatchV1.ReadNamespacedJobStatusAsync("j", Ns));

        Assert.That(code, Is.EqualTo(403));
        Assert.That(status!.Message, Is.EqualTo($"jobs.batch \"j\" is forbidden: User \"{User("worker")}\" cannot get resource \"jobs/status\" in API group \"batch\" in the namespace \"{Ns}\""));
    }

    [Test]
    public async Task ClusterScopedDenialsSayAtTheClusterScope()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "worker");

        var (code, status) = await FailureOf(() => client.CoreV1.ListNamespaceAsync());

        Assert.That(code, Is.EqualTo(403));
        Assert.That(status!.Message, Is.EqualTo($"namespaces is forbidden: User \"{User("worker")}\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope"));
    }

    [Test]
    public async Task AClusterRoleBindingToClusterAdminGrantsEverything()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "admin");
        var binding = new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = $"{Ns}-admin" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "admin", NamespaceProperty = Ns }],
        };
        await Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding);
        try
        {
            await Eventually(async () => await Succeeds(() => client.CoreV1.ListNamespaceAsync()), "namespaces are listable");
        }
        finally
        {
            await Client.RbacAuthorizationV1.DeleteClusterRoleBindingAsync(binding.Metadata.Name);
        }
    }

    [Test]
    public async Task EveryServiceAccountMayReadDiscoveryAndTheVersion()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "worker");

        var version = await client.Version.GetCodeAsync();
        var groups = await client.Apis.GetAPIVersionsAsync();

        Assert.That(version.GitVersion, Is.Not.Empty);
        Assert.That(groups.Groups.Select(g => g.Name), Does.Contain("batch"));
    }

    [Test]
    public async Task AServiceAccountMayReviewItsOwnAccess()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "worker");
        var review = new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec { ResourceAttributes = new V1ResourceAttributes { Group = "batch", Resource = "jobs", Verb = "create", NamespaceProperty = Ns } },
        };

        var answered = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review);

        Assert.That(answered.Status.Allowed, Is.False);
    }

    [Test]
    public async Task AnUnknownTokenIsUnauthorized()
    {
        var client = Provider.ClientForToken("not-a-token");

        var (code, status) = await FailureOf(() => client.CoreV1.ListNamespacedConfigMapAsync(Ns));

        Assert.That(code, Is.EqualTo(401));
        Assert.That(status!.Message, Is.EqualTo("Unauthorized"));
    }

    [Test]
    public async Task ATokenStopsWorkingWhenItsServiceAccountIsDeleted()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "gone");
        await Client.CoreV1.DeleteNamespacedServiceAccountAsync("gone", Ns);

        await Eventually(async () => (await FailureCode(() => client.CoreV1.ListNamespacedConfigMapAsync(Ns))) == 401, "the token is refused");
    }

    private async Task GrantAsync(string serviceAccount, V1PolicyRule rule)
    {
        var name = serviceAccount + "-role";
        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = name }, Rules = [rule] }, Ns);
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = name },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount, NamespaceProperty = Ns }],
            },
            Ns);
    }

    private static async Task<bool> Succeeds(Func<Task> call) => await FailureCode(call) == 0;

    private static async Task<int> FailureCode(Func<Task> call)
    {
        try
        {
            await call();
            return 0;
        }
        catch (k8s.Autorest.HttpOperationException e)
        {
            return (int)e.Response.StatusCode;
        }
    }
}
