namespace Oz.Operator.Tests.Configuration;

/// <summary>The taskPod keys are read from the file, the environment (OZ_TASK_POD_*) and flags, and checked.</summary>
public sealed class TaskPodConfigurationTests : TempDirectoryFixture
{
    [Test]
    public void EveryTaskPodKeyIsReadFromTheFile()
    {
        var taskPod = Load("""
            workerId: w
            taskPod:
              serviceAccountName: oz-task
              imagePullSecrets: [registry-a, {name: registry-b}]
              nodeSelector:
                pool: agents
              tolerations:
                - key: dedicated
                  operator: Equal
                  value: oz
                  effect: NoSchedule
              resources:
                requests: {cpu: "1"}
                limits: {memory: 4Gi}
              terminationGracePeriodSeconds: 45
              runtimeClassName: gvisor
            """).Options!.TaskPod;

        Assert.Multiple(() =>
        {
            Assert.That((taskPod.ServiceAccountName, taskPod.RuntimeClassName, taskPod.TerminationGracePeriodSeconds), Is.EqualTo(("oz-task", "gvisor", (long?)45)));
            Assert.That(taskPod.ImagePullSecrets, Is.EqualTo(new[] { "registry-a", "registry-b" }));
            Assert.That(taskPod.NodeSelector, Is.EqualTo(new Dictionary<string, string> { ["pool"] = "agents" }));
            Assert.That(taskPod.Tolerations!.Single().Value, Is.EqualTo("oz"));
            Assert.That(taskPod.Resources!.Limits["memory"].ToString(), Is.EqualTo("4Gi"));
        });
    }

    [Test]
    public void EveryTaskPodKeyIsReadFromItsEnvironmentVariable()
    {
        var taskPod = Load("workerId: w\n", new Dictionary<string, string>
        {
            ["OZ_TASK_POD_SERVICE_ACCOUNT_NAME"] = "oz-task",
            ["OZ_TASK_POD_IMAGE_PULL_SECRETS"] = "registry-a, registry-b",
            ["OZ_TASK_POD_NODE_SELECTOR"] = "pool=agents",
            ["OZ_TASK_POD_TOLERATIONS"] = """[{"key":"dedicated","operator":"Exists","effect":"NoSchedule"}]""",
            ["OZ_TASK_POD_RESOURCES"] = """{"limits":{"memory":"4Gi"}}""",
            ["OZ_TASK_POD_TERMINATION_GRACE_PERIOD_SECONDS"] = "45",
            ["OZ_TASK_POD_RUNTIME_CLASS_NAME"] = "kata",
        }).Options!.TaskPod;

        Assert.Multiple(() =>
        {
            Assert.That((taskPod.ServiceAccountName, taskPod.RuntimeClassName, taskPod.TerminationGracePeriodSeconds), Is.EqualTo(("oz-task", "kata", (long?)45)));
            Assert.That(taskPod.ImagePullSecrets, Is.EqualTo(new[] { "registry-a", "registry-b" }));
            Assert.That(taskPod.NodeSelector!["pool"], Is.EqualTo("agents"));
            Assert.That(taskPod.Tolerations!.Single().OperatorProperty, Is.EqualTo("Exists"));
            Assert.That(taskPod.Resources!.Limits["memory"].ToString(), Is.EqualTo("4Gi"));
        });
    }

    [Test]
    public void ResourcesInAVariableAreCheckedLikeTheFile()
    {
        var errors = Load("workerId: w\n", new Dictionary<string, string> { ["OZ_TASK_POD_RESOURCES"] = """{"limits":{"memory":"four gigs"}}""" }).Errors;

        Assert.That(errors.Single().ToString(), Does.StartWith("taskPod.resources (OZ_TASK_POD_RESOURCES): limits.memory: 'four gigs' is not a Kubernetes quantity"));
    }

    [Test]
    public void AnEmptyVariableClearsTheFilesValue()
    {
        var taskPod = Load("workerId: w\ntaskPod:\n  runtimeClassName: gvisor\n", new Dictionary<string, string> { ["OZ_TASK_POD_RUNTIME_CLASS_NAME"] = "" }).Options!.TaskPod;

        Assert.That(taskPod.IsEmpty, Is.True);
    }

    [TestCase("serviceAccountName: Oz_Task", "taskPod.serviceAccountName", "not a valid ServiceAccount name")]
    [TestCase("runtimeClassName: g visor", "taskPod.runtimeClassName", "not a valid RuntimeClass name")]
    [TestCase("imagePullSecrets: [ok, Not_Ok]", "taskPod.imagePullSecrets[1]", "not a valid Secret name")]
    [TestCase("imagePullSecrets: [{secret: x}]", "taskPod.imagePullSecrets[0]", "expected a name, or a mapping with only a name")]
    [TestCase("tolerations: [{key: a, operator: Sometimes}]", "taskPod.tolerations[0].operator", "not one of Exists, Equal")]
    [TestCase("tolerations: [{key: a, operator: Exists, value: b}]", "taskPod.tolerations[0].value", "must be empty when operator is Exists")]
    [TestCase("tolerations: [{key: a, effect: NoSchedule, tolerationSeconds: 5}]", "taskPod.tolerations[0].tolerationSeconds", "only applies with effect NoExecute")]
    [TestCase("tolerations: [{key: a, tolerationSecond: 5}]", "taskPod.tolerations[0].tolerationSecond", "unknown field of V1Toleration; did you mean tolerationSeconds?")]
    [TestCase("terminationGracePeriodSeconds: -1", "taskPod.terminationGracePeriodSeconds", "zero or a positive number")]
    [TestCase("nodeSelector: {pool: -agents}", "taskPod.nodeSelector[\"pool\"]", "not a valid label key and value")]
    public void InvalidTaskPodValueIsReportedAtItsKey(string line, string key, string message)
    {
        var errors = Load($"workerId: w\ntaskPod:\n  {line}\n").Errors;

        Assert.That(errors.Select(e => e.ToString()), Has.One.StartWith(key + " (").And.Contain(message));
    }

    private ConfigurationResult Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        ConfigurationLoader.Load(Temp.Write("config.yaml", yaml), environment ?? new Dictionary<string, string>(), ParsedFlags.Empty);
}
