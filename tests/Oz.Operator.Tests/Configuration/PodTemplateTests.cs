namespace Oz.Operator.Tests.Configuration;

public sealed class PodTemplateTests : TempDirectoryFixture
{
    [Test]
    public void FullPodSpecIsParsed()
    {
        var result = Load("""
            workerId: w
            podTemplate:
              serviceAccountName: tasks
              nodeSelector:
                pool: agents
              tolerations:
                - key: dedicated
                  operator: Equal
                  value: agents
                  effect: NoSchedule
              imagePullSecrets:
                - name: registry
              securityContext:
                runAsNonRoot: true
                fsGroup: 1000
              containers:
                - name: task
                  imagePullPolicy: Always
                  env:
                    - name: RETRIES
                      value: 5
                  resources:
                    requests: {cpu: 1, memory: 2Gi}
                  ports:
                    - containerPort: 8080
                - name: proxy
                  image: envoy:1.30
                  readinessProbe:
                    httpGet: {path: /ready, port: admin}
            """);

        Assert.That(result.Errors, Is.Empty);
        var template = result.Options!.PodTemplate!;
        Assert.Multiple(() =>
        {
            Assert.That(template.ServiceAccountName, Is.EqualTo("tasks"));
            Assert.That(template.NodeSelector["pool"], Is.EqualTo("agents"));
            Assert.That(template.Tolerations.Single().Effect, Is.EqualTo("NoSchedule"));
            Assert.That(template.ImagePullSecrets.Single().Name, Is.EqualTo("registry"));
            Assert.That((template.SecurityContext.RunAsNonRoot, template.SecurityContext.FsGroup), Is.EqualTo(((bool?)true, (long?)1000)));
            Assert.That(template.Containers.Select(c => c.Name), Is.EqualTo(new[] { "task", "proxy" }));
            Assert.That(template.Containers[0].Env.Single().Value, Is.EqualTo("5"), "a plain scalar becomes the string an EnvVar needs");
            Assert.That(template.Containers[0].Resources.Requests["cpu"].ToString(), Is.EqualTo("1"));
            Assert.That(template.Containers[0].Resources.Requests["memory"].ToString(), Is.EqualTo("2Gi"));
            Assert.That(template.Containers[1].ReadinessProbe.HttpGet.Port.Value, Is.EqualTo("admin"));
        });
    }

    [Test]
    public void UnknownFieldIsReportedWithPathLineAndSuggestion()
    {
        var error = Load("""
            workerId: w
            podTemplate:
              containers:
                - name: task
                  imagePullPolcy: Always
            """).Errors.Single();

        Assert.That(error.ToString(), Is.EqualTo(
            "podTemplate.containers[0].imagePullPolcy (line 5, col 7): unknown field of V1Container; did you mean imagePullPolicy?"));
    }

    [Test]
    public void WrongTypeIsReportedWithPathAndLine()
    {
        var error = Load("workerId: w\npodTemplate:\n  activeDeadlineSeconds: soon\n").Errors.Single();

        Assert.That((error.Key, error.Line, error.Message), Is.EqualTo(("podTemplate.activeDeadlineSeconds", 3, "expected an integer, got 'soon'")));
    }

    [Test]
    public void ListWhereAMappingBelongsIsReported()
    {
        var error = Load("workerId: w\npodTemplate:\n  containers:\n    name: task\n").Errors.Single();

        Assert.That((error.Key, error.Line, error.Message), Is.EqualTo(("podTemplate.containers", 4, "expected a list")));
    }

    [Test]
    public void InvalidQuantityIsReportedAtItsField()
    {
        var error = Load("""
            workerId: w
            podTemplate:
              containers:
                - name: task
                  resources:
                    limits:
                      cpu: 2 cores
            """).Errors.Single();

        Assert.That((error.Key, error.Line), Is.EqualTo(("podTemplate.containers[0].resources.limits.cpu", 7)));
    }

    [Test]
    public void TemplateValidationErrorPointsAtTheLine()
    {
        var error = Load("""
            workerId: w
            podTemplate:
              containers:
                - name: copy-sidecar-0
                  image: busybox
            """).Errors.Single();

        Assert.That((error.Key, error.Line), Is.EqualTo(("podTemplate.containers[0].name", 4)));
    }

    private ConfigurationResult Load(string yaml) =>
        ConfigurationLoader.Load(Temp.Write("config.yaml", yaml), new Dictionary<string, string>(), ParsedFlags.Empty);
}
