namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

public sealed class JobBuilderTaskContainerTests
{
    private static IEnumerable<TestCaseData> Images()
    {
        // spec.image, options.DefaultImage, expected
        yield return new TestCaseData("node:22", "python:3", "node:22").SetName("ImageOfTheTaskWins");
        yield return new TestCaseData(null, "python:3", "python:3").SetName("ImageFallsBackToTheDefaultImage");
        yield return new TestCaseData("", "python:3", "python:3").SetName("EmptyTaskImageFallsBackToTheDefaultImage");
        yield return new TestCaseData(null, "", "ubuntu:22.04").SetName("ImageFallsBackToUbuntu");
    }

    [TestCaseSource(nameof(Images))]
    public void ImageIsTheTasksThenTheDefaultThenUbuntu(string? taskImage, string defaultImage, string expected)
    {
        var task = TaskFixtures.FromOz();
        task.Spec.Image = taskImage;

        var container = TaskFixtures.TaskContainer(JobBuilder.Build(task, TaskFixtures.Options() with { DefaultImage = defaultImage }));

        Assert.That(container.Image, Is.EqualTo(expected));
    }

    [Test]
    public void TaskContainerRunsTheWrapperWithTheArgsAsPositionalParameters()
    {
        var task = TaskFixtures.FromOz();
        task.Spec.Args = ["agent", "run", "--prompt-file", "it's \"quoted\" $HOME `x`"];

        var container = TaskFixtures.TaskContainer(JobBuilder.Build(task, TaskFixtures.Options()));

        Assert.That(container.Command, Is.EqualTo(new[]
        {
            "/bin/sh", "-c", TaskEntrypointScript.Build(null), "oz-task", "agent", "run", "--prompt-file", "it's \"quoted\" $HOME `x`",
        }));
        Assert.That(container.Args, Is.Null);
        Assert.That(container.Command[2], Does.Contain("/agent/entrypoint.sh"));
    }

    [Test]
    public void TaskWithoutArgsRunsTheWrapperWithoutPositionalParameters()
    {
        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options()));

        Assert.That(container.Command, Is.EqualTo(new[] { "/bin/sh", "-c", TaskEntrypointScript.Build(null), "oz-task" }));
    }

    [Test]
    public void WrapperIncludesTheTeardownCommandWhenConfigured()
    {
        var options = TaskFixtures.Options() with { TeardownCommand = "rm -rf /workspace/cache" };

        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.FromOz(), options));

        Assert.That(container.Command[2], Is.EqualTo(TaskEntrypointScript.Build("rm -rf /workspace/cache")));
        Assert.That(container.Command[2], Does.Contain("'rm -rf /workspace/cache'"));
    }

    [Test]
    public void TaskContainerWorksInTheWorkspace()
    {
        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options()));

        Assert.That(container.Name, Is.EqualTo("task"));
        Assert.That(container.WorkingDir, Is.EqualTo("/workspace"));
    }

    [Test]
    public void OzTaskGetsTheAgentEnvironmentSortedByName()
    {
        var options = TaskFixtures.Options() with { Oz = new OzOptions { ServerRootUrl = "https://oz.example" } };

        var env = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.FromOz(), options)).Env;

        Assert.That(env.Select(e => e.Name), Is.EqualTo(new[]
        {
            "API_TOKEN", "GH_PROMPT_DISABLED", "GIT_TERMINAL_PROMPT", "OZ_ENVIRONMENT_FILE", "OZ_RUN_ID", "OZ_WORKER_BACKEND",
            "OZ_WORKSPACE_ROOT", "PLAIN", "TASK_ID", "WARP_SERVER_ROOT_URL",
        }));
        Assert.That(env.Where(e => e.ValueFrom is null).ToDictionary(e => e.Name, e => e.Value), Is.EquivalentTo(new Dictionary<string, string>
        {
            ["GH_PROMPT_DISABLED"] = "1",
            ["GIT_TERMINAL_PROMPT"] = "0",
            ["OZ_ENVIRONMENT_FILE"] = "/workspace/.oz-env",
            ["OZ_RUN_ID"] = "abc123",
            ["OZ_WORKER_BACKEND"] = "kubernetes",
            ["OZ_WORKSPACE_ROOT"] = "/workspace",
            ["PLAIN"] = "visible",
            ["TASK_ID"] = "abc123",
            ["WARP_SERVER_ROOT_URL"] = "https://oz.example",
        }));
    }

    [Test]
    public void HandMadeTaskRunsUnderItsAgentTaskNameAndHasNoTaskId()
    {
        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.Minimal("nightly-report"), TaskFixtures.Options()));

        Assert.That(TaskFixtures.EnvValue(container, "OZ_RUN_ID"), Is.EqualTo("nightly-report"));
        Assert.That(container.Env.Any(e => e.Name == "TASK_ID"), Is.False);
    }

    private static IEnumerable<TestCaseData> EnvOverrides()
    {
        // variable the task sets, value the container ends up with
        yield return new TestCaseData("OZ_RUN_ID", "abc123").SetName("OperatorWinsOnOzRunId");
        yield return new TestCaseData("OZ_WORKSPACE_ROOT", "/workspace").SetName("OperatorWinsOnOzWorkspaceRoot");
        yield return new TestCaseData("OZ_ENVIRONMENT_FILE", "/workspace/.oz-env").SetName("OperatorWinsOnOzEnvironmentFile");
        yield return new TestCaseData("OZ_WORKER_BACKEND", "kubernetes").SetName("OperatorWinsOnOzWorkerBackend");
        yield return new TestCaseData("GIT_TERMINAL_PROMPT", "from-task").SetName("TaskMayOverrideGitTerminalPrompt");
        yield return new TestCaseData("GH_PROMPT_DISABLED", "from-task").SetName("TaskMayOverrideGhPromptDisabled");
        yield return new TestCaseData("WARP_SERVER_ROOT_URL", "from-task").SetName("TaskMayOverrideServerRootUrl");
        yield return new TestCaseData("TASK_ID", "from-task").SetName("TaskMayOverrideTaskId");
    }

    [TestCaseSource(nameof(EnvOverrides))]
    public void OzVariablesOfTheOperatorWinOverTheTasksAndAgentDefaultsDoNot(string name, string expected)
    {
        var task = TaskFixtures.FromOz();
        task.Spec.Env!.Add(new V1EnvVar { Name = name, Value = "from-task" });

        var container = TaskFixtures.TaskContainer(JobBuilder.Build(task, TaskFixtures.Options()));

        Assert.That(container.Env.Count(e => e.Name == name), Is.EqualTo(1));
        Assert.That(TaskFixtures.EnvValue(container, name), Is.EqualTo(expected));
    }

    [Test]
    public void DuplicateTaskVariablesKeepTheLastLikeKubernetes()
    {
        var task = TaskFixtures.FromOz();
        task.Spec.Env!.Add(new V1EnvVar { Name = "PLAIN", Value = "second" });

        var container = TaskFixtures.TaskContainer(JobBuilder.Build(task, TaskFixtures.Options()));

        Assert.That(container.Env.Count(e => e.Name == "PLAIN"), Is.EqualTo(1));
        Assert.That(TaskFixtures.EnvValue(container, "PLAIN"), Is.EqualTo("second"));
    }

    [Test]
    public void SecretsStayReferencesAndNeverBecomeLiteralValues()
    {
        var job = JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options() with { SetupCommand = "true" });
        var container = TaskFixtures.TaskContainer(job);

        var token = container.Env.Single(e => e.Name == "API_TOKEN");
        Assert.That(token.Value, Is.Null);
        Assert.That(token.ValueFrom.SecretKeyRef.Name, Is.EqualTo("oz-task-abc123-env"));
        Assert.That(token.ValueFrom.SecretKeyRef.Key, Is.EqualTo("API_TOKEN"));
        Assert.That(container.EnvFrom.Single().SecretRef.Name, Is.EqualTo("oz-task-abc123-env"));
        var setup = job.Spec.Template.Spec.InitContainers.Single(c => c.Name == "setup");
        Assert.That(setup.Env.Single(e => e.Name == "API_TOKEN").ValueFrom.SecretKeyRef.Name, Is.EqualTo("oz-task-abc123-env"));
        var allEnv = job.Spec.Template.Spec.Containers.Concat(job.Spec.Template.Spec.InitContainers).SelectMany(c => c.Env ?? []);
        Assert.That(allEnv.Where(e => e.Name == "API_TOKEN").Select(e => e.Value), Is.All.Null);
    }

    [Test]
    public void ResourcesAreTheTasks()
    {
        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options()));

        Assert.That(container.Resources.Requests["cpu"], Is.EqualTo(new ResourceQuantity("2")));
        Assert.That(container.Resources.Limits["memory"], Is.EqualTo(new ResourceQuantity("4Gi")));
    }

    [Test]
    public void TaskWithoutResourcesHasNone()
    {
        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.Minimal(), TaskFixtures.Options()));

        Assert.That(container.Resources, Is.Null);
    }

    [Test]
    public void WithoutAConfiguredPullPolicyTheImageIsPulledIfNotPresentAsTheReferenceWorkerDoes()
    {
        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options()));

        Assert.That(container.ImagePullPolicy, Is.EqualTo("IfNotPresent"));
    }

    private static IEnumerable<TestCaseData> PullPolicies()
    {
        yield return new TestCaseData("Always").SetName("PullPolicyAlways");
        yield return new TestCaseData(null).SetName("PullPolicyLeftToKubernetes");
    }

    [TestCaseSource(nameof(PullPolicies))]
    public void ImagePullPolicyComesFromTheOptions(string? policy)
    {
        var container = TaskFixtures.TaskContainer(JobBuilder.Build(TaskFixtures.FromOz(), TaskFixtures.Options() with { ImagePullPolicy = policy }));

        Assert.That(container.ImagePullPolicy, Is.EqualTo(policy));
    }
}
