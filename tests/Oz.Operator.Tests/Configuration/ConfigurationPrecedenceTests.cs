using System.CommandLine;
using Oz.Operator.Cli;

namespace Oz.Operator.Tests.Configuration;

/// <summary>CLI flags override environment variables, which override the file, which overrides the defaults.</summary>
public sealed class ConfigurationPrecedenceTests
{
    /// <summary>One key of each value type, with a distinct value per layer.</summary>
    public sealed record KeyCase(
        string Name,
        string FileYaml,         // the key in the file, with the file layer's value
        string Variable,         // environment variable and its value
        string VariableValue,
        string[] FlagArgs,       // flag and value as typed on the command line
        Func<OperatorOptions, object> Read,
        object Default,
        object FileValue,
        object EnvironmentValue,
        object FlagValue)
    {
        public override string ToString() => Name;
    }

    private static readonly KeyCase[] Keys =
    [
        new("string defaultImage", "defaultImage: file:1", "OZ_DEFAULT_IMAGE", "env:1", ["--default-image", "flag:1"],
            o => o.DefaultImage, "ubuntu:22.04", "file:1", "env:1", "flag:1"),
        new("integer maxConcurrentTasks", "maxConcurrentTasks: 1", "OZ_MAX_CONCURRENT_TASKS", "2", ["--max-concurrent-tasks", "3"],
            o => o.MaxConcurrentTasks, 0, 1, 2, 3),
        new("integer reconcileWorkers", "reconcileWorkers: 4", "OZ_RECONCILE_WORKERS", "8", ["--reconcile-workers", "32"],
            o => o.ReconcileWorkers, OperatorOptions.DefaultReconcileWorkers, 4, 8, 32),
        new("boolean cleanup", "cleanup: false", "OZ_CLEANUP", "true", ["--no-cleanup"],
            o => o.Cleanup, true, false, true, false),
        new("boolean leaderElection.enabled", "leaderElection:\n  enabled: false", "OZ_LEADER_ELECTION", "true", ["--leader-election", "false"],
            o => o.LeaderElection.Enabled, true, false, true, false),
        new("boolean deleteHandMadeTasks", "deleteHandMadeTasks: true", "OZ_DELETE_HAND_MADE_TASKS", "false", ["--delete-hand-made-tasks"],
            o => o.DeleteHandMadeTasks, false, true, false, true),
        new("duration taskRetention", "taskRetention: 1h", "OZ_TASK_RETENTION", "2h", ["--task-retention", "3h"],
            o => o.TaskRetention, TimeSpan.FromHours(24), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3)),
        new("map extraLabels", "extraLabels:\n  team: file", "OZ_EXTRA_LABELS", "team=env", ["--extra-labels", "team=flag"],
            o => string.Join(",", o.ExtraLabels.Select(p => $"{p.Key}={p.Value}")), "", "team=file", "team=env", "team=flag"),
        new("nested oz.webSocketUrl", "oz:\n  webSocketUrl: wss://file.example/ws", "OZ_WEBSOCKET_URL", "wss://env.example/ws",
            ["--oz-websocket-url", "wss://flag.example/ws"],
            o => o.Oz.WebSocketUrl, OzOptions.DefaultWebSocketUrl, "wss://file.example/ws", "wss://env.example/ws", "wss://flag.example/ws"),
    ];

    private static IEnumerable<TestCaseData> Layers()
    {
        foreach (var key in Keys)
        {
            yield return new TestCaseData(key, false, false, false, key.Default).SetName($"{key.Name}: default when set nowhere");
            yield return new TestCaseData(key, true, false, false, key.FileValue).SetName($"{key.Name}: file over default");
            yield return new TestCaseData(key, true, true, false, key.EnvironmentValue).SetName($"{key.Name}: environment over file");
            yield return new TestCaseData(key, true, true, true, key.FlagValue).SetName($"{key.Name}: flag over environment");
            yield return new TestCaseData(key, false, false, true, key.FlagValue).SetName($"{key.Name}: flag alone");
        }
    }

    [TestCaseSource(nameof(Layers))]
    public void HighestLayerThatSetsAKeyWins(KeyCase key, bool inFile, bool inEnvironment, bool inFlags, object expected)
    {
        using var directory = new TempDirectory();
        var lines = new List<string> { "workerId: worker-1" };

        if (inFile)
        {
            lines.Add(key.FileYaml);
        }

        var file = directory.Write("config.yaml", string.Join("\n", lines) + "\n");
        var environment = inEnvironment ? new Dictionary<string, string> { [key.Variable] = key.VariableValue } : [];
        var args = new List<string> { "--config", file };
        if (inFlags)
        {
            args.AddRange(key.FlagArgs);
        }

        var result = Load(args, environment);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(key.Read(result.Options!), Is.EqualTo(expected));
    }

    [Test]
    public void WorkerIdFlagOverridesVariable()
    {
        var result = Load(["--worker-id", "from-flag"], new Dictionary<string, string> { ["OZ_WORKER_ID"] = "from-env" });

        Assert.That(result.Options?.WorkerId, Is.EqualTo("from-flag"));
    }

    [Test]
    public void ConfigFileCanBeNamedByOzConfigVariable()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("config.yaml", "workerId: from-variable-file\n");

        var result = Load([], new Dictionary<string, string> { ["OZ_CONFIG"] = file });

        Assert.That(result.Options?.WorkerId, Is.EqualTo("from-variable-file"));
    }

    [Test]
    public void EmptyVariableClearsAnOptionalValueFromTheFile()
    {
        using var directory = new TempDirectory();
        var file = directory.Write("config.yaml", "workerId: w\nsidecarImage: sidecar:1\n");

        var result = Load(["--config", file], new Dictionary<string, string> { ["OZ_SIDECAR_IMAGE"] = "" });

        Assert.That(result.Options?.SidecarImage, Is.Null);
    }

    [Test]
    public void RepeatedMapFlagsKeepCommasInValues()
    {
        var result = Load(["--worker-id", "w", "--extra-annotations", "note=a,b", "--extra-annotations", "owner=team"], new Dictionary<string, string>());

        Assert.That(result.Options?.ExtraAnnotations, Is.EqualTo(new Dictionary<string, string> { ["note"] = "a,b", ["owner"] = "team" }));
    }

    [Test]
    public void MapVariableAcceptsJson()
    {
        var result = Load(["--worker-id", "w"], new Dictionary<string, string> { ["OZ_EXTRA_LABELS"] = "{\"team\":\"platform\",\"tier\":\"batch\"}" });

        Assert.That(result.Options?.ExtraLabels, Is.EqualTo(new Dictionary<string, string> { ["team"] = "platform", ["tier"] = "batch" }));
    }

    [Test]
    public void UnrelatedOzVariablesAreIgnored()
    {
        // Kubernetes injects <SERVICE>_PORT-style variables; a Service named "oz" must not break startup.
        var result = Load(["--worker-id", "w"], new Dictionary<string, string> { ["OZ_PORT"] = "tcp://10.0.0.1:80", ["OZ_SERVICE_HOST"] = "10.0.0.1" });

        Assert.That(result.Errors, Is.Empty);
    }

    [Test]
    public void EveryKeyExceptTheKubernetesObjectsHasAFlagAndAVariable()
    {
        var missing = ConfigKeys.All.Where(k => k.Path is not ("podTemplate" or "preflightResources") && (k.Flag is null || k.EnvironmentVariable is null)).Select(k => k.Path);

        Assert.That(missing, Is.Empty);
    }

    private static ConfigurationResult Load(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var options = new ConfigurationCliOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var parse = command.Parse(args);
        Assert.That(parse.Errors, Is.Empty, "command line parse errors");
        return options.Load(parse, new CliContext(TextWriter.Null, TextWriter.Null, environment));
    }
}
