using System.Reflection;
using System.Text.Json.Serialization;
using Oz.Operator.Tests.Tasks.JobBuilderTests;

namespace Oz.Operator.Tests.Kubernetes;

/// <summary>
/// The published binary reads and writes Kubernetes objects through the generated metadata
/// (<see cref="KubernetesModelsJsonContext"/>); everything else here uses KubernetesClient's
/// reflection-based metadata. Both must produce and accept the same JSON.
/// </summary>
public sealed class KubernetesModelsJsonContextTests
{
    private static readonly JsonSerializerOptions Reflection = KubernetesClientsOptions();
    private static readonly JsonSerializerOptions Generated = WithContextFirst(Reflection);

    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"t-1","namespace":"agents","uid":"u","resourceVersion":"12","generation":2,
         "creationTimestamp":"2026-01-02T03:04:05Z","labels":{"a":"b"},"ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"t","uid":"j","controller":true}]},
         "spec":{"containers":[{"name":"task","image":"i","ports":[{"containerPort":8080}],"resources":{"limits":{"cpu":"500m","memory":"1Gi"}},
          "readinessProbe":{"httpGet":{"port":"http","path":"/"},"periodSeconds":5},"livenessProbe":{"tcpSocket":{"port":8080}}}],
          "activeDeadlineSeconds":600,"restartPolicy":"Never"},
         "status":{"phase":"Failed","startTime":"2026-01-02T03:04:06Z","conditions":[{"type":"Ready","status":"False","lastTransitionTime":"2026-01-02T03:04:07Z"}],
          "containerStatuses":[{"name":"task","ready":false,"restartCount":1,"image":"i","imageID":"x","started":false,
           "state":{"terminated":{"exitCode":137,"reason":"OOMKilled","finishedAt":"2026-01-02T03:05:00Z"}}}]}}
        """;

    [Test]
    public void AJobFromTheJobBuilderSerializesTheSame()
    {
        var task = TaskFixtures.FromOz();
        task.Status = new AgentTaskStatus { Phase = AgentTaskPhase.Running, Message = "m", Conditions = [new V1Condition { Type = "Started", Status = "True", LastTransitionTime = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc), Reason = "r", Message = "x" }] };
        var job = JobBuilder.Build(task, TaskFixtures.Options() with { WorkspaceSizeLimit = "5Gi", SetupCommand = "make" });

        AssertSameJsonBothWays(job);
        AssertSameJsonBothWays(task);
    }

    [Test]
    public void APodWithStatusQuantitiesAndIntOrStringPortsReadsAndWritesTheSame()
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(Pod, Reflection);

        AssertSameJsonBothWays(pod);
        Assert.That(JsonSerializer.Deserialize<V1Pod>(Pod, Generated)!.Status.ContainerStatuses[0].State.Terminated.ExitCode, Is.EqualTo(137));
    }

    [Test]
    public void AScheduleWithItsStatusSerializesTheSame()
    {
        var schedule = new AgentTaskSchedule
        {
            Metadata = new V1ObjectMeta { Name = "nightly", NamespaceProperty = "agents" },
            Spec = new AgentTaskScheduleSpec { Schedule = "0 3 * * *", ConcurrencyPolicy = ConcurrencyPolicy.Forbid },
            Status = new AgentTaskScheduleStatus { ActiveCount = 1, LastResult = AgentTaskPhase.Succeeded, LastScheduleTime = new DateTime(2026, 1, 2, 3, 0, 0, DateTimeKind.Utc), ObservedGeneration = 4 },
        };

        AssertSameJsonBothWays(schedule);
    }

    [Test]
    public void EveryObjectTheOperatorWatchesHasGeneratedMetadata()
    {
        foreach (var type in new[] { typeof(AgentTask), typeof(AgentTaskList), typeof(AgentTaskSchedule), typeof(V1Job), typeof(V1JobList), typeof(V1Pod), typeof(V1PodList), typeof(V1Lease), typeof(Eventsv1Event) })
        {
            Assert.That(KubernetesModelsJsonContext.Default.GetTypeInfo(type), Is.Not.Null, type.Name);
        }
    }

    [Test]
    public void EveryObjectThePreflightAndTheCommandsExchangeHasGeneratedMetadata()
    {
        foreach (var type in new[] { typeof(V1Namespace), typeof(V1SelfSubjectAccessReview), typeof(V1APIGroupList), typeof(VersionInfo), typeof(V1Secret), typeof(Corev1EventList), typeof(V1Status), typeof(V1DeleteOptions) })
        {
            Assert.That(KubernetesModelsJsonContext.Default.GetTypeInfo(type), Is.Not.Null, type.Name);
        }
    }

    [Test]
    public void EveryModelInAPodTemplateHasGeneratedFieldsNamedAsItsAttributesSay()
    {
        // The pod template converter checks configuration fields against the generated metadata
        // (a trimmed native build keeps no reflection metadata); reflection is the reference here.
        var checkedTypes = 0;
        foreach (var type in ModelsReachableFrom(typeof(V1PodSpec), typeof(V1ResourceRequirements), typeof(V1Toleration)))
        {
            var expected = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
                .OfType<string>()
                .Order(StringComparer.Ordinal);
            var info = KubernetesModelsJsonContext.Default.GetTypeInfo(type);

            Assert.That(info, Is.Not.Null, type.Name);
            Assert.That(info!.Properties.Select(p => p.Name).Order(StringComparer.Ordinal), Is.EqualTo(expected), type.Name);
            checkedTypes++;
        }

        Assert.That(checkedTypes, Is.GreaterThan(50), "the walk found the pod spec's models");
    }

    private static IEnumerable<Type> ModelsReachableFrom(params Type[] roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    pending.Push(argument);
                }

                continue;
            }

            var hasFields = type.GetProperties().Any(p => p.GetCustomAttribute<JsonPropertyNameAttribute>() is not null);
            if (type.Namespace != "k8s.Models" || !hasFields || !seen.Add(type))
            {
                continue;
            }

            yield return type;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                pending.Push(property.PropertyType);
            }
        }
    }

    private static void AssertSameJsonBothWays<T>(T value)
    {
        var expected = JsonSerializer.Serialize(value, Reflection);

        Assert.That(JsonSerializer.Serialize(value, Generated), Is.EqualTo(expected), "written");
        Assert.That(JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(expected, Generated), Reflection), Is.EqualTo(expected), "read");
    }

    private static JsonSerializerOptions KubernetesClientsOptions()
    {
        // KubernetesJson does not expose its options; the hook hands them over without changing them.
        JsonSerializerOptions? options = null;
        KubernetesJson.AddJsonOptions(o => options = o);
        return options!;
    }

    private static JsonSerializerOptions WithContextFirst(JsonSerializerOptions options)
    {
        var copy = new JsonSerializerOptions(options);
        copy.TypeInfoResolverChain.Insert(0, KubernetesModelsJsonContext.Default);
        return copy;
    }
}
