namespace Oz.KubeSim.Tests.Contract;

/// <summary>
/// ValidatingAdmissionPolicy with its binding, evaluated on create and update. Each test's binding
/// selects only the test's namespace; policies reach admission through a cache on real clusters,
/// so the first denial is awaited.
/// </summary>
public abstract class ValidatingAdmissionPolicyContract : ClusterTestBase
{
    private readonly List<string> _created = [];

    [TearDown]
    public async Task DeletePoliciesAsync()
    {
        foreach (var name in _created)
        {
            await Client.AdmissionregistrationV1.DeleteValidatingAdmissionPolicyBindingAsync(name);
            await Client.AdmissionregistrationV1.DeleteValidatingAdmissionPolicyAsync(name);
        }

        _created.Clear();
    }

    [Test]
    public async Task AFailedValidationDeniesTheCreateWithThePolicyAndBindingNamesAnd422()
    {
        var name = await CreatePolicyAsync(new V1Validation { Expression = "object.data.k != 'bad'", Message = "k must not be bad" });

        var (code, status) = await DeniedAsync(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", value: "bad"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(422));
            Assert.That(status!.Reason, Is.EqualTo("Invalid"));
            Assert.That(status.Message, Is.EqualTo($"configmaps \"c\" is forbidden: ValidatingAdmissionPolicy '{name}' with binding '{name}' denied request: k must not be bad"));
        });
    }

    [Test]
    public async Task AValidationWithoutMessageNamesTheFailedExpressionAndItsReasonSetsTheCode()
    {
        var name = await CreatePolicyAsync(new V1Validation { Expression = "object.data.k != 'bad'", Reason = "Forbidden" });

        var (code, status) = await DeniedAsync(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", value: "bad"), Ns));

        Assert.That(code, Is.EqualTo(403));
        Assert.That(status!.Message, Is.EqualTo($"configmaps \"c\" is forbidden: ValidatingAdmissionPolicy '{name}' with binding '{name}' denied request: failed expression: object.data.k != 'bad'"));
    }

    [Test]
    public async Task AnUpdateIsCheckedAgainstTheOldObject()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", value: "first"), Ns);
        await CreatePolicyAsync(new V1Validation { Expression = "request.operation != 'UPDATE' || object.data.k == oldObject.data.k", Message = "k is immutable" });
        var (code, status) = await DeniedAsync(async () =>
        {
            var current = await Client.CoreV1.ReadNamespacedConfigMapAsync("c", Ns);
            current.Data["k"] = "second";
            await Client.CoreV1.ReplaceNamespacedConfigMapAsync(current, "c", Ns);
        });

        Assert.That(code, Is.EqualTo(422));
        Assert.That(status!.Message, Does.EndWith("denied request: k is immutable"));
    }

    [Test]
    public async Task ParamsComeFromTheConfigMapTheBindingNamesAndMessageExpressionBuildsTheText()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "allowed" }, Data = new Dictionary<string, string> { ["values"] = "a,b" } }, Ns);
        var validation = new V1Validation
        {
            Expression = "!has(object.data) || !('k' in object.data) || object.data.k in params.data.values.split(',')",
            MessageExpression = "'value ' + object.data.k + ' is not in ' + params.metadata.name",
        };
        await CreatePolicyAsync(validation, paramRef: new V1ParamRef { Name = "allowed", NamespaceProperty = Ns, ParameterNotFoundAction = "Deny" });

        var (code, status) = await DeniedAsync(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c", value: "z"), Ns));
        var allowed = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("ok", value: "b"), Ns);

        Assert.That(code, Is.EqualTo(422));
        Assert.That(status!.Message, Does.EndWith("denied request: value z is not in allowed"));
        Assert.That(allowed.Metadata.Name, Is.EqualTo("ok"));
    }

    [Test]
    public async Task AMissingParamWithDenyActionRefusesTheRequest()
    {
        var name = await CreatePolicyAsync(new V1Validation { Expression = "true" }, paramRef: new V1ParamRef { Name = "absent", NamespaceProperty = Ns, ParameterNotFoundAction = "Deny" });

        var (code, status) = await DeniedAsync(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), Ns));

        Assert.That(code, Is.EqualTo(422));
        Assert.That(status!.Message, Is.EqualTo($"configmaps \"c\" is forbidden: ValidatingAdmissionPolicy '{name}' with binding '{name}' denied request: no params found for policy binding with `Deny` parameterNotFoundAction"));
    }

    [Test]
    public async Task RequestUserInfoNamesTheCallingServiceAccount()
    {
        var client = await ServiceAccountClients.CreateAsync(Provider, Ns, "writer");
        await Client.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = "w" }, Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["create"] }] }, Ns);
        await Client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding { Metadata = new V1ObjectMeta { Name = "w" }, RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "w" }, Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "writer", NamespaceProperty = Ns }] }, Ns);
        await CreatePolicyAsync(new V1Validation
        {
            Expression = "!request.userInfo.username.startsWith('system:serviceaccount:') || 'system:serviceaccounts:' + request.namespace in request.userInfo.groups && false",
            MessageExpression = "request.userInfo.username + ' may not'",
        });

        var (code, status) = await DeniedAsync(() => client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), Ns));
        var byAdmin = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("admin"), Ns);

        Assert.That(code, Is.EqualTo(422));
        Assert.That(status!.Message, Does.EndWith($"denied request: system:serviceaccount:{Ns}:writer may not"));
        Assert.That(byAdmin.Metadata.Name, Is.EqualTo("admin"));
    }

    private async Task<string> CreatePolicyAsync(V1Validation validation, V1ParamRef? paramRef = null)
    {
        var name = $"{Ns}-p{_created.Count}";
        var policy = new V1ValidatingAdmissionPolicy
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ValidatingAdmissionPolicySpec
            {
                FailurePolicy = "Fail",
                ParamKind = paramRef is null ? null : new V1ParamKind { ApiVersion = "v1", Kind = "ConfigMap" },
                MatchConstraints = new V1MatchResources
                {
                    ResourceRules = [new V1NamedRuleWithOperations { ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE", "UPDATE"], Resources = ["configmaps"] }],
                },
                Validations = [validation],
            },
        };
        await Client.AdmissionregistrationV1.CreateValidatingAdmissionPolicyAsync(policy);
        var binding = new V1ValidatingAdmissionPolicyBinding
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1ValidatingAdmissionPolicyBindingSpec
            {
                PolicyName = name,
                ValidationActions = ["Deny"],
                ParamRef = paramRef,
                MatchResources = new V1MatchResources
                {
                    NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = Ns } },
                },
            },
        };
        await Client.AdmissionregistrationV1.CreateValidatingAdmissionPolicyBindingAsync(binding);
        _created.Add(name);
        return name;
    }

    /// <summary>Retries the call until the policy is in force and it fails; returns that failure.</summary>
    private static Task<(int Code, V1Status? Status)> DeniedAsync(Func<Task> call)
    {
        var last = "nothing yet";
        return global::Oz.Testing.Eventually.UntilAsync<(int Code, V1Status? Status)>(
            async () =>
            {
                try
                {
                    await call();
                    last = "allowed";
                    return (0, (V1Status?)null);
                }
                catch (k8s.Autorest.HttpOperationException e)
                {
                    last = $"{(int)e.Response.StatusCode}";
                    return ((int)e.Response.StatusCode, KubernetesJson.Deserialize<V1Status>(e.Response.Content));
                }
            },
            denied => denied.Code is 403 or 422,
            () => $"the policy to deny the request; last answer: {last}");
    }
}
