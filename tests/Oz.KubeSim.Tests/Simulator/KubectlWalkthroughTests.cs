using System.Text;
using Oz.KubeSim.Tests.Contract;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>
/// The kubectl commands a person runs in the README walkthrough, against the simulator. kubectl
/// sends protobuf bodies for built-in kinds (create secret/configmap/namespace/serviceaccount).
/// </summary>
public sealed class KubectlWalkthroughTests : KubectlOnAgentTaskCrdTestBase
{
    [Test]
    public async Task KubectlCreateSecretGenericStoresTheLiteralReadableWithJsonpath()
    {
        var create = await Kubectl.RunAsync("create", "secret", "generic", "oz-api-key", "--from-literal=api-key=demo", "-n", Ns);
        var read = await Kubectl.RunAsync("get", "secret", "oz-api-key", "-n", Ns, "-o", "jsonpath={.data.api-key}");

        Assert.Multiple(() =>
        {
            Assert.That(create.Stdout + create.Stderr, Does.Contain("secret/oz-api-key created"));
            Assert.That(read.Stdout, Is.EqualTo(Convert.ToBase64String(Encoding.UTF8.GetBytes("demo"))));
        });
    }

    [TestCase("create configmap settings --from-literal=mode=fast", "configmap/settings created")]
    [TestCase("create serviceaccount runner", "serviceaccount/runner created")]
    [TestCase("create secret generic typed --type=kubernetes.io/basic-auth --from-literal=username=u --from-literal=password=p", "secret/typed created")]
    public async Task KubectlCreatesBuiltInKindsFromProtobufBodies(string command, string expected)
    {
        var create = await Kubectl.RunAsync([.. command.Split(' '), "-n", Ns]);

        Assert.That(create.Stdout + create.Stderr, Does.Contain(expected));
    }

    [Test]
    public async Task KubectlCreateOfAKindNotDecodedFromProtobufIsRefusedWith415NamingTheWayOut()
    {
        var create = await Kubectl.RunAsync("create", "job", "direct", "--image=busybox", "-n", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(create.Code, Is.Not.Zero);
            Assert.That(create.Stderr, Does.Contain("send batch/v1 Job as JSON or YAML (kubectl apply -f)"));
            Assert.That(Sim.RequestLog.Entries.Any(e => e.Verb == "create" && e.Resource == "jobs" && e.Namespace == Ns && e.Code == 415), Is.True);
        });
    }

    [TestCase("auth can-i create jobs.batch --as=system:serviceaccount:oz-system:oz-operator", "yes")]
    [TestCase("auth can-i get /healthz", "yes")]
    [TestCase("auth can-i --list", "*.*")]
    public async Task KubectlAuthCanIIsAnswered(string command, string expected)
    {
        var answer = await Kubectl.RunAsync([.. command.Split(' '), "-n", Ns]);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Code, Is.Zero, answer.Stderr);
            Assert.That(answer.Stdout, Does.Contain(expected));
        });
    }

    [Test]
    public async Task KubectlAuthCanIChecksTheDecodedVerbResourceAndNamespaceWithRbacOn()
    {
        const string user = "system:serviceaccount:oz-system:oz-operator";
        Sim.Rbac.Grant(user, ["create"], "batch", ["jobs"], Ns);
        Sim.Rbac.Enabled = true;
        try
        {
            var create = await Kubectl.RunAsync("auth", "can-i", "create", "jobs.batch", "-n", Ns, $"--as={user}");
            var delete = await Kubectl.RunAsync("auth", "can-i", "delete", "jobs.batch", "-n", Ns, $"--as={user}");
            var elsewhere = await Kubectl.RunAsync("auth", "can-i", "create", "jobs.batch", "-n", "default", $"--as={user}");

            Assert.Multiple(() =>
            {
                Assert.That(create.Stdout.Trim(), Is.EqualTo("yes"));
                Assert.That(delete.Stdout.Trim(), Is.EqualTo("no"));
                Assert.That(elsewhere.Stdout.Trim(), Is.EqualTo("no"));
            });
        }
        finally
        {
            Sim.Rbac.Reset();
        }
    }

    [Test]
    public async Task KubectlCreateConfigMapKeepsLabelsAndData()
    {
        await Kubectl.RunAsync("create", "configmap", "labelled", "--from-literal=mode=fast", "-n", Ns);
        await Kubectl.RunAsync("label", "configmap", "labelled", "tier=demo", "-n", Ns);

        var map = await Client.CoreV1.ReadNamespacedConfigMapAsync("labelled", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(map.Data["mode"], Is.EqualTo("fast"));
            Assert.That(map.Metadata.Labels["tier"], Is.EqualTo("demo"));
        });
    }

    [Test]
    public async Task KubectlCreateNamespaceCreatesIt()
    {
        var name = "ns-" + Guid.NewGuid().ToString("N")[..8];

        var create = await Kubectl.RunAsync("create", "namespace", name);

        Assert.Multiple(async () =>
        {
            Assert.That(create.Stdout, Does.Contain($"namespace/{name} created"));
            Assert.That((await Client.CoreV1.ReadNamespaceAsync(name)).Status.Phase, Is.EqualTo("Active"));
        });
    }

    [Test]
    public async Task KubectlApplyListsTheSampleAgentTask()
    {
        var apply = await Kubectl.RunAsync("apply", "-n", Ns, "-f", RepositoryPaths.PathOf("config/samples/oz_v1alpha1_agenttask.yaml"));
        var get = await Kubectl.RunAsync("get", "agenttasks", "-n", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(apply.Stdout, Does.Contain("agenttask.oz.warp.dev/fix-flaky-login-test created"));
            Assert.That(get.Stdout, Does.Contain("fix-flaky-login-test"));
        });
    }

    [Test]
    public async Task KubectlApplyServerSideCreatesThenUpdates()
    {
        var file = Path.Combine(Dir, $"ssa-{Ns}.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: one\n");
        var first = await Kubectl.RunAsync("apply", "--server-side", "-n", Ns, "-f", file);
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  k: two\n");
        var second = await Kubectl.RunAsync("apply", "--server-side", "-n", Ns, "-f", file);

        Assert.Multiple(async () =>
        {
            Assert.That(first.Stdout, Does.Contain("configmap/ssa serverside-applied"));
            Assert.That(second.Stdout, Does.Contain("configmap/ssa serverside-applied"));
            Assert.That((await Client.CoreV1.ReadNamespacedConfigMapAsync("ssa", Ns)).Data["k"], Is.EqualTo("two"));
        });
    }

    [Test]
    public async Task KubectlDescribeAgentTaskShowsItsEvents()
    {
        await Kubectl.RunAsync("apply", "-n", Ns, "-f", RepositoryPaths.PathOf("config/samples/oz_v1alpha1_agenttask.yaml"));
        var task = TestCrdObject(await Client.CustomObjects.GetNamespacedCustomObjectAsync("oz.warp.dev", "v1alpha1", Ns, "agenttasks", "fix-flaky-login-test"));
        await Client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "fix-flaky-login-test.1" },
            InvolvedObject = new V1ObjectReference { Kind = "AgentTask", ApiVersion = "oz.warp.dev/v1alpha1", Name = "fix-flaky-login-test", NamespaceProperty = Ns, Uid = task.Uid },
            Reason = "JobCreated",
            Message = "Created Job oz-task-demo",
            Type = "Normal",
            Source = new V1EventSource { Component = "oz-operator" },
            FirstTimestamp = DateTime.UtcNow,
            LastTimestamp = DateTime.UtcNow,
            Count = 1,
        }, Ns);

        var describe = await Kubectl.RunAsync("describe", "agenttask", "fix-flaky-login-test", "-n", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(describe.Code, Is.Zero, describe.Stderr);
            Assert.That(describe.Stdout, Does.Contain("Title:"));
            Assert.That(describe.Stdout, Does.Match(@"Normal\s+JobCreated\s+\S+\s+oz-operator\s+Created Job oz-task-demo"));
        });
    }

    private async Task RunJobToCompletionAsync(string name)
    {
        var job = CrudContract.SampleJob(name);
        job.Spec.Template.Metadata = new V1ObjectMeta { Annotations = new Dictionary<string, string> { ["kubesim.oz/log"] = "hello from kubesim\n" } };
        await Client.BatchV1.CreateNamespacedJobAsync(job, Ns);
        await Eventually(async () => (await Client.BatchV1.ReadNamespacedJobAsync(name, Ns)).Status?.Succeeded == 1, $"job {name} succeeded");
    }

    [Test]
    public async Task KubectlLogsJobPrintsThePodLog()
    {
        await RunJobToCompletionAsync("hello");

        var logs = await Kubectl.RunAsync("logs", "job/hello", "-n", Ns);

        Assert.That(logs.Stdout, Is.EqualTo("hello from kubesim\n"));
    }

    [Test]
    public async Task KubectlGetJobsPodsAndEventsPrintTheServersColumns()
    {
        await RunJobToCompletionAsync("columns");

        var list = await Kubectl.RunAsync("get", "jobs,pods", "-n", Ns);
        var wide = await Kubectl.RunAsync("get", "pods", "-o", "wide", "-n", Ns);
        var events = await Kubectl.RunAsync("get", "events", "-n", Ns);

        // Durations and ages in kubectl's form ("4s", "2m27s"): on the simulator's fast clock a
        // loaded machine's few seconds between the run and the listing can read as minutes.
        const string Age = @"(\d+[dhms])+";
        Assert.Multiple(() =>
        {
            Assert.That(list.Stdout, Does.Match(@"NAME\s+STATUS\s+COMPLETIONS\s+DURATION\s+AGE"));
            Assert.That(list.Stdout, Does.Match($@"job\.batch/columns\s+Complete\s+1/1\s+{Age}\s+{Age}"));
            Assert.That(list.Stdout, Does.Match(@"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE"));
            Assert.That(list.Stdout, Does.Match($@"pod/columns-[a-z0-9]{{5}}\s+0/1\s+Completed\s+0\s+{Age}"));
            Assert.That(wide.Stdout, Does.Match($@"columns-[a-z0-9]{{5}}\s+0/1\s+Completed\s+0\s+{Age}\s+\S+\s+kubesim-node\s+<none>\s+<none>"));
            Assert.That(events.Stdout, Does.Match(@"LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE"));
            Assert.That(events.Stdout, Does.Match(@"Normal\s+SuccessfulCreate\s+job/columns\s+Created pod: columns-"));
        });
    }

    [Test]
    public async Task KubectlGetNamespacesAndNodesPrintTheServersColumns()
    {
        var namespaces = await Kubectl.RunAsync("get", "namespaces");
        var nodes = await Kubectl.RunAsync("get", "nodes", "-o", "wide");

        Assert.Multiple(() =>
        {
            Assert.That(namespaces.Stdout, Does.Match(@"NAME\s+STATUS\s+AGE"));
            Assert.That(namespaces.Stdout, Does.Match($@"{Ns}\s+Active\s+\d+s"));
            Assert.That(nodes.Stdout, Does.Match(@"NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP"));
            Assert.That(nodes.Stdout, Does.Match(@"kubesim-node\s+Ready\s+<none>\s+\S+\s+v1\.32\.0-kubesim\s+192\.168\.0\.10\s+<none>\s+kubesim"));
        });
    }

    [Test]
    public async Task KubectlDeleteAgentTaskDeletesIt()
    {
        await Kubectl.RunAsync("apply", "-n", Ns, "-f", RepositoryPaths.PathOf("config/samples/oz_v1alpha1_agenttask.yaml"));

        var delete = await Kubectl.RunAsync("delete", "agenttask", "fix-flaky-login-test", "-n", Ns);
        var get = await Kubectl.RunAsync("get", "agenttasks", "-n", Ns);

        Assert.Multiple(() =>
        {
            Assert.That(delete.Stdout, Does.Contain("agenttask.oz.warp.dev \"fix-flaky-login-test\" deleted"));
            Assert.That(get.Stderr, Does.Contain("No resources found"));
        });
    }

    [Test]
    public async Task KubectlGetWatchPrintsTheTaskAgainWhenItChanges()
    {
        await Kubectl.RunAsync("apply", "-n", Ns, "-f", RepositoryPaths.PathOf("config/samples/oz_v1alpha1_agenttask.yaml"));
        using var watch = Kubectl.Start("get", "agenttasks", "-w", "-n", Ns);
        var output = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            while (await watch.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        });
        try
        {
            // The first row comes from the list; the watch then starts at the list's resourceVersion.
            await Eventually(() => Task.FromResult(Rows() >= 1), "the listed task");
            await Kubectl.RunAsync("label", "agenttask", "fix-flaky-login-test", "seen=yes", "-n", Ns);

            await Eventually(() => Task.FromResult(Rows() >= 2), "the watched change");
        }
        finally
        {
            watch.Kill(entireProcessTree: true);
            await reader;
        }

        Assert.That(Rows(), Is.EqualTo(2));

        int Rows()
        {
            lock (output)
            {
                return output.ToString().Split('\n').Count(l => l.StartsWith("fix-flaky-login-test", StringComparison.Ordinal));
            }
        }
    }

    private static V1ObjectMeta TestCrdObject(object result) =>
        KubernetesJson.Deserialize<V1ObjectMeta>(Fixtures.TestCrd.AsObject(result)["metadata"]!.ToJsonString());
}
