namespace Oz.KubeSim.Tests.Contract;

/// <summary>create/get/list/update/delete as Kubernetes defines them.</summary>
public abstract class CrudContract : ClusterTestBase
{
    [Test]
    public async Task CreateSetsUidCreationTimestampGenerationAndResourceVersion()
    {
        var created = await Client.BatchV1.CreateNamespacedJobAsync(SampleJob("a"), Ns);

        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.Uid, Is.Not.Empty);
            Assert.That(created.Metadata.CreationTimestamp, Is.Not.Null);
            Assert.That(created.Metadata.Generation, Is.EqualTo(1));
            Assert.That(created.Metadata.ResourceVersion, Is.Not.Empty);
        });
    }

    [Test]
    public async Task CreateWithGenerateNameAppendsFiveCharacters()
    {
        var cm = ConfigMap("");
        cm.Metadata.Name = null;
        cm.Metadata.GenerateName = "gen-";

        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(cm, Ns);

        Assert.That(created.Metadata.Name, Does.Match("^gen-[a-z0-9]{5}$"));
    }

    [Test]
    public async Task CreateOfAnExistingNameFailsWith409AlreadyExists()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), Ns);

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(409));
            Assert.That(status!.Reason, Is.EqualTo("AlreadyExists"));
            Assert.That(status.Message, Is.EqualTo("configmaps \"dup\" already exists"));
            Assert.That(status.Details.Name, Is.EqualTo("dup"));
            Assert.That(status.Details.Kind, Is.EqualTo("configmaps"));
        });
    }

    [Test]
    public async Task GetOfAMissingObjectFailsWith404NotFound()
    {
        var (code, status) = await FailureOf(() => Client.BatchV1.ReadNamespacedJobAsync("nope", Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(404));
            Assert.That(status!.Reason, Is.EqualTo("NotFound"));
            Assert.That(status.Message, Is.EqualTo("jobs.batch \"nope\" not found"));
            Assert.That(status.Details.Group, Is.EqualTo("batch"));
        });
    }

    [Test]
    public async Task UpdateWithAStaleResourceVersionFailsWith409Conflict()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), Ns);
        created.Data["k"] = "first";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", Ns);
        created.Data["k"] = "second";

        var (code, status) = await FailureOf(() => Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(409));
            Assert.That(status!.Reason, Is.EqualTo("Conflict"));
            Assert.That(status.Message, Does.StartWith("Operation cannot be fulfilled on configmaps \"c\": the object has been modified"));
        });
    }

    [Test]
    public async Task UpdateWithTheCurrentResourceVersionIncreasesIt()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("u"), Ns);
        created.Data["k"] = "changed";

        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "u", Ns);

        Assert.That(long.Parse(updated.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture),
            Is.GreaterThan(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task AnUpdateThatChangesNothingKeepsTheResourceVersion()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("same"), Ns);

        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "same", Ns);

        Assert.That(updated.Metadata.ResourceVersion, Is.EqualTo(created.Metadata.ResourceVersion));
    }

    private static readonly object[] SelectorCases =
    [
        new object[] { "app=web", new[] { "web-1", "web-2" } },
        new object[] { "app==web,tier=front", new[] { "web-1" } },
        new object[] { "app!=web", new[] { "db", "plain" } },
        new object[] { "app in (web,db)", new[] { "db", "web-1", "web-2" } },
        new object[] { "app notin (web)", new[] { "db", "plain" } },
        new object[] { "tier", new[] { "db", "web-1" } },
        new object[] { "!tier", new[] { "plain", "web-2" } },
    ];

    [TestCaseSource(nameof(SelectorCases))]
    public async Task ListFiltersByLabelSelector(string selector, string[] expected)
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("web-1", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("web-2", new Dictionary<string, string> { ["app"] = "web" }), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("db", new Dictionary<string, string> { ["app"] = "db", ["tier"] = "back" }), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("plain"), Ns);

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: selector);

        Assert.That(list.Items.Select(i => i.Metadata.Name).Where(n => n != "kube-root-ca.crt").Order(), Is.EqualTo(expected));
    }

    [Test]
    public async Task ListFiltersByFieldSelectorOnMetadataName()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("one"), Ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("two"), Ns);

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, fieldSelector: "metadata.name=two");

        Assert.That(list.Items.Select(i => i.Metadata.Name), Is.EqualTo(new[] { "two" }));
    }

    [Test]
    public async Task ListPagesWithLimitAndContinue()
    {
        for (var i = 0; i < 5; i++)
        {
            await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"p{i}", new Dictionary<string, string> { ["page"] = "yes" }), Ns);
        }

        var names = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Client.CoreV1.ListNamespacedConfigMapAsync(Ns, labelSelector: "page=yes", limit: 2, continueParameter: token);
            names.AddRange(page.Items.Select(i => i.Metadata.Name));
            token = page.Metadata.ContinueProperty;
            pages++;
        }
        while (!string.IsNullOrEmpty(token));

        Assert.Multiple(() =>
        {
            Assert.That(pages, Is.EqualTo(3));
            Assert.That(names, Is.EqualTo(new[] { "p0", "p1", "p2", "p3", "p4" }));
        });
    }

    [Test]
    public async Task DeleteRemovesTheObject()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("d"), Ns);

        await Client.CoreV1.DeleteNamespacedConfigMapAsync("d", Ns);

        var (code, _) = await FailureOf(() => Client.CoreV1.ReadNamespacedConfigMapAsync("d", Ns));
        Assert.That(code, Is.EqualTo(404));
    }

    [Test]
    public async Task DeleteOfAMissingObjectFailsWith404()
    {
        var (code, status) = await FailureOf(() => Client.CoreV1.DeleteNamespacedConfigMapAsync("missing", Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(404));
            Assert.That(status!.Reason, Is.EqualTo("NotFound"));
        });
    }

    [Test]
    public async Task DryRunCreateValidatesButDoesNotStore()
    {
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dry"), Ns, dryRun: "All");

        var (code, _) = await FailureOf(() => Client.CoreV1.ReadNamespacedConfigMapAsync("dry", Ns));
        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.Name, Is.EqualTo("dry"));
            Assert.That(code, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task CreateInAMissingNamespaceFailsWith404()
    {
        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("x"), "no-such-namespace-" + Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(404));
            Assert.That(status!.Message, Does.StartWith("namespaces \"no-such-namespace-"));
        });
    }

    [Test]
    public async Task CreationTimestampHasWholeSecondPrecision()
    {
        // metav1.Time is serialized RFC 3339 without fractions; ApiTime relies on it for status round-trips.
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("stamped"), Ns);
        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("stamped", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(created.Metadata.CreationTimestamp!.Value.Ticks % TimeSpan.TicksPerSecond, Is.Zero);
            Assert.That(read.Metadata.CreationTimestamp, Is.EqualTo(created.Metadata.CreationTimestamp));
        });
    }

    [Test]
    public async Task ClientWrittenTimesOfBuiltInObjectsAreStoredAtWholeSeconds()
    {
        // A built-in object's metav1.Time fields are decoded and re-encoded by the server, dropping fractions.
        var at = new DateTime(2026, 11, 23, 10, 30, 15, DateTimeKind.Utc).AddTicks(1_234_560);
        var evt = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "timed" },
            InvolvedObject = new V1ObjectReference { Kind = "ConfigMap", Name = "x", NamespaceProperty = Ns, ApiVersion = "v1" },
            Reason = "Testing",
            Message = "times",
            Type = "Normal",
            Source = new V1EventSource { Component = "contract" },
            FirstTimestamp = at,
            LastTimestamp = at,
        };

        var created = await Client.CoreV1.CreateNamespacedEventAsync(evt, Ns);

        Assert.Multiple(() =>
        {
            Assert.That(created.FirstTimestamp, Is.EqualTo(at.AddTicks(-1_234_560)));
            Assert.That(created.LastTimestamp, Is.EqualTo(at.AddTicks(-1_234_560)));
        });
    }

    [Test]
    public async Task APodViolatingTheNamespaceEnforceLevelIsForbiddenByPodSecurity()
    {
        await EnforceRestrictedAsync();

        var (code, status) = await FailureOf(() => Client.CoreV1.CreateNamespacedPodAsync(PodAs("root", restricted: false), Ns));

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(403));
            Assert.That(status!.Reason, Is.EqualTo("Forbidden"));
            Assert.That(status.Message, Does.StartWith("pods \"root\" is forbidden: violates PodSecurity \"restricted:latest\": "));
            Assert.That(status.Message, Does.Contain("allowPrivilegeEscalation != false"));
        });
    }

    [Test]
    public async Task APodSatisfyingTheNamespaceEnforceLevelIsAdmitted()
    {
        await EnforceRestrictedAsync();

        var created = await Client.CoreV1.CreateNamespacedPodAsync(PodAs("compliant", restricted: true), Ns);

        Assert.That(created.Metadata.Uid, Is.Not.Empty);
    }

    /// <summary>
    /// Labels the test namespace enforce=restricted, and creates the pods' own service account so a
    /// real cluster's ServiceAccount admission cannot race the namespace's "default" account.
    /// </summary>
    private async Task EnforceRestrictedAsync()
    {
        var labels = """{"metadata":{"labels":{"pod-security.kubernetes.io/enforce":"restricted"}}}""";
        await Client.CoreV1.PatchNamespaceAsync(new V1Patch(labels, V1Patch.PatchType.MergePatch), Ns);
        await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "runner" } }, Ns);
    }

    private static V1Pod PodAs(string name, bool restricted) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            ServiceAccountName = "runner",
            AutomountServiceAccountToken = false,
            RestartPolicy = "Never",
            SecurityContext = restricted ? new V1PodSecurityContext { RunAsNonRoot = true, RunAsUser = 1000, SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" } } : null,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "busybox:1.36",
                    Command = ["sleep", "3600"],
                    SecurityContext = restricted ? new V1SecurityContext { AllowPrivilegeEscalation = false, Capabilities = new V1Capabilities { Drop = ["ALL"] } } : null,
                },
            ],
        },
    };

    internal static V1Job SampleJob(string name, string image = "busybox:1.36") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "task", Image = image }],
                },
            },
        },
    };
}
