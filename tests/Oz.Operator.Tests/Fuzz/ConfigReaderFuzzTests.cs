using Oz.Operator.Hosting;
using Oz.Operator.Tests.Cli;
using Oz.Operator.Tests.Configuration.Reference;

namespace Oz.Operator.Tests.Fuzz;

/// <summary>
/// The configuration file is user input: whatever it holds, reading it ends in options or in a
/// list of errors each naming a key and saying what is wrong (the CLI turns those into exit 2) —
/// never in an exception.
/// </summary>
public sealed class ConfigReaderFuzzTests
{
    private const string NativeSeed = """
        workerId: platform-k8s
        namespace: oz-tasks
        maxConcurrentTasks: 4
        defaultImage: registry.example.com/dev:1
        setupCommand: git config --global user.name oz
        taskEnv:
          - name: LOG_FORMAT
            value: json
        podTemplate:
          spec:
            nodeSelector:
              kubernetes.io/os: linux
            tolerations:
              - key: dedicated
                operator: Equal
                value: oz
                effect: NoSchedule
        oz:
          webSocketUrl: wss://oz.example.com/ws
        """;

    private static readonly string[] Seeds = [NativeSeed, ReferenceConfigFiles.LegacyGeneration, ReferenceConfigFiles.NewerGeneration];

    private static readonly string[] Keys =
    [
        .. ConfigKeys.All.Select(k => k.Path.Split('.')[^1]),
        .. ConfigKeys.Sections,
        "backend", "kubernetes", "worker_id", "pod_template", "environment", "tolerations", "resources", "spec", "containers", "env",
    ];

    [Test]
    public void ArbitraryYamlIsReadOrRefusedWithClearErrors()
    {
        var tried = Fuzzer.Run(nameof(ArbitraryYamlIsReadOrRefusedWithClearErrors), r => Yaml(r, 0), ReadsOrExplains);

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public void MutatedConfigFilesAreReadOrRefusedWithClearErrors()
    {
        var tried = Fuzzer.Run(nameof(MutatedConfigFilesAreReadOrRefusedWithClearErrors), r => Fuzzer.Mutate(r, Seeds[r.Next(Seeds.Length)]), ReadsOrExplains);

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public void ArbitraryTextIsReadOrRefusedWithClearErrors()
    {
        var tried = Fuzzer.Run(nameof(ArbitraryTextIsReadOrRefusedWithClearErrors), r => Fuzzer.Arbitrary(r, 300), ReadsOrExplains);

        Assert.That(tried, Is.GreaterThan(0));
    }

    [Test]
    public async Task AnUnreadableConfigFileExitsWith2()
    {
        using var directory = new TempDirectory();
        var config = directory.Write("config.yaml", "workerId: [unclosed\n");

        var run = await CliRun.InvokeAsync(["run", "--config", config]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.InvalidConfiguration));
        Assert.That(run.Error, Does.Contain("not valid YAML"));
    }

    // Findings: YamlDotNet throws ArgumentException ("The current event is of an unsupported type")
    // and InvalidOperationException (from its scanner) on these, not YamlException; both escaped the reader.
    [TestCase("oz:\n  - 1\ndefaultImage:\n  -\n    allowed:\n      - &x 74\n    yR<vt0:\n      -\n        x: 1\npreflightImage:\n  imagePullPolicy:\n    :\n      spec: [Q, {a: &x 27}]\n", TestName = "AnEmptyKeyMappingIsNotValidYamlNotAnArgumentException")]
    [TestCase("workerId: platform-k8s\nnamespace: {@oz-tasks\nmaxConcurrentTasks: 4\n", TestName = "AnUnclosedFlowMappingIsNotValidYamlNotAnInvalidOperationException")]
    [TestCase("worker_id: w\nbackend:\n  kubernetes:\n    namespace: {@oz-tasks\n    node_selector:\n      kuberninux\n", TestName = "AnUnclosedFlowMappingInAReferenceFileIsNotValidYaml")]
    // Finding: YamlDotNet resolves an alias inside its own anchored node until the stack overflows,
    // which crashed the whole process instead of failing one file.
    [TestCase("taskSecrets: &x [*x]\n", TestName = "AnAliasInsideItsOwnSequenceIsNotValidYamlNotAStackOverflow")]
    [TestCase("podTemplate: &x {nodeSelector: *x}\n", TestName = "AnAliasInsideItsOwnMappingIsNotValidYamlNotAStackOverflow")]
    [TestCase("&x {*x : 1}\n", TestName = "AnAliasAsAKeyOfItsOwnMappingIsNotValidYamlNotAStackOverflow")]
    public void YamlParserFindings(string text)
    {
        var errors = new List<ConfigurationError>();

        YamlConfigReader.Read(text, new OperatorOptions(), errors, new Dictionary<string, ValueOrigin>(StringComparer.Ordinal));

        Assert.That(errors.Select(e => e.Key), Does.Contain(YamlConfigReader.FileKey));
        Assert.That(errors.First(e => e.Key == YamlConfigReader.FileKey).Message, Does.StartWith("not valid YAML"));
    }

    // Finding: an empty key was reported under an empty name, so the error said nothing about where it was.
    [TestCase(": [1, {a: b}]\n", TestName = "AnEmptyKeyIsNamedInItsError")]
    [TestCase("worker_id: w\n\"\": 1\n", TestName = "AnEmptyKeyInAReferenceFileIsNamedInItsError")]
    public void EmptyKeyFindings(string text)
    {
        var errors = new List<ConfigurationError>();

        YamlConfigReader.Read(text, new OperatorOptions(), errors, new Dictionary<string, ValueOrigin>(StringComparer.Ordinal));

        Assert.That(errors.Select(e => e.Key), Does.Contain("\"\""));
    }

    private static void ReadsOrExplains(string text)
    {
        var errors = new List<ConfigurationError>();
        YamlConfigReader.Read(text, new OperatorOptions(), errors, new Dictionary<string, ValueOrigin>(StringComparer.Ordinal));

        foreach (var error in errors)
        {
            Assert.That(error.Key, Is.Not.Empty, text);
            Assert.That(error.Message, Is.Not.Empty, text);
        }
    }

    // A random YAML tree: known and unknown keys, scalars of every style, lists, anchors, tags.
    private static string Yaml(Random random, int depth)
    {
        var builder = new StringBuilder();
        Mapping(random, builder, depth, "");
        return builder.ToString();
    }

    private static void Mapping(Random random, StringBuilder builder, int depth, string indent)
    {
        var count = random.Next(1, 6);
        for (var i = 0; i < count; i++)
        {
            var key = random.Next(4) == 0 ? Fuzzer.Arbitrary(random, 12).Replace("\n", "", StringComparison.Ordinal) : Keys[random.Next(Keys.Length)];
            builder.Append(indent).Append(key).Append(':');
            Value(random, builder, depth + 1, indent + "  ");
        }
    }

    private static void Value(Random random, StringBuilder builder, int depth, string indent)
    {
        switch (depth > 4 ? 0 : random.Next(4))
        {
            case 0:
                builder.Append(' ').Append(Scalar(random)).Append('\n');
                break;
            case 1:
                builder.Append('\n');
                Mapping(random, builder, depth, indent);
                break;
            case 2:
                builder.Append('\n');
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    builder.Append(indent).Append("-");
                    Value(random, builder, depth + 1, indent + "  ");
                }

                break;
            default:
                builder.Append(" [").Append(Scalar(random)).Append(", {a: ").Append(Scalar(random)).Append("}]\n");
                break;
        }
    }

    private static string Scalar(Random random) => random.Next(9) switch
    {
        0 => random.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => "99999999999999999999999",
        2 => "-1",
        3 => random.Next(2) == 0 ? "true" : "~",
        4 => "10m",
        5 => $"\"{Fuzzer.Arbitrary(random, 10).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)}\"",
        6 => "&x " + random.Next(100),
        7 => "!!str 5",
        _ => Fuzzer.Arbitrary(random, 10).Replace("\n", " ", StringComparison.Ordinal),
    };
}
