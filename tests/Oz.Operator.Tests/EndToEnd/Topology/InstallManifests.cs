using YamlJson = Oz.KubeSim.Json.YamlJson;

namespace Oz.Operator.Tests.EndToEnd.Topology;

/// <summary>
/// What a user installs, rendered the way they render it: <c>helm template</c> of charts/oz-operator
/// with the real Helm 3 or 4 binary, or <c>kubectl kustomize config/default</c>.
/// </summary>
internal sealed class InstallManifests
{
    /// <summary>The kinds the suite applies (the CRD is applied once by the cluster; the Deployment is run as processes).</summary>
    private static readonly string[] AppliedKinds = ["ServiceAccount", "Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding", "ConfigMap", "Secret"];

    private InstallManifests(string source, IReadOnlyList<JsonObject> objects)
    {
        Source = source;
        Objects = objects;
    }

    /// <summary>How they were rendered (for messages).</summary>
    public string Source { get; }

    public IReadOnlyList<JsonObject> Objects { get; }

    /// <summary>The operator's Deployment.</summary>
    public JsonObject Deployment => Single("Deployment");

    public string DeploymentNamespace => (string)Deployment["metadata"]!["namespace"]!;

    public string ServiceAccountName => (string)Deployment["spec"]!["template"]!["spec"]!["serviceAccountName"]!;

    public int Replicas => Deployment["spec"]!["replicas"] is { } replicas ? int.Parse(replicas.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) : 1;

    /// <summary>Name and key of the Secret the operator container takes WARP_API_KEY from.</summary>
    public (string Name, string Key) ApiKeySecretRef
    {
        get
        {
            var env = Deployment["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().Single(e => (string?)e!["name"] == "WARP_API_KEY")!;
            var reference = env["valueFrom"]!["secretKeyRef"]!;
            return ((string)reference["name"]!, (string)reference["key"]!);
        }
    }

    /// <summary>The objects the suite applies as the cluster admin, as `helm install` or `kubectl apply -k` would.</summary>
    public IEnumerable<JsonObject> Applied => Objects.Where(o => AppliedKinds.Contains((string?)o["kind"]));

    /// <summary>The operator's config file: config.yaml of the ConfigMap its Deployment mounts.</summary>
    public string ConfigFile
    {
        get
        {
            var volumes = Deployment["spec"]!["template"]!["spec"]!["volumes"]!.AsArray();
            var name = (string)volumes.Single(v => v!["name"]!.GetValue<string>() == "config")!["configMap"]!["name"]!;
            var map = Objects.Single(o => (string?)o["kind"] == "ConfigMap" && (string?)o["metadata"]!["name"] == name);
            return (string)map["data"]!["config.yaml"]!;
        }
    }

    /// <summary><c>helm template RELEASE charts/oz-operator -n NAMESPACE --set …</c> with Helm <paramref name="major"/>.</summary>
    public static InstallManifests Helm(int major, string release, string ns, params string[] values)
    {
        var arguments = new List<string> { "template", release, Path.Combine(RepositoryPaths.Root, "charts", "oz-operator"), "--namespace", ns };
        foreach (var value in values)
        {
            arguments.Add("--set");
            arguments.Add(value);
        }

        return new InstallManifests($"helm {major} template {release}", YamlJson.ParseDocuments(Succeeded(HelmLocator.Run(HelmLocator.Find(major), arguments), "helm")));
    }

    /// <summary><c>kubectl kustomize config/default</c>.</summary>
    public static InstallManifests Kustomize() =>
        new("kubectl kustomize config/default", YamlJson.ParseDocuments(Run("kubectl", ["kustomize", Path.Combine(RepositoryPaths.Root, "config", "default")])));

    /// <summary>These objects plus <paramref name="more"/> (what the install docs have the user create, such as the API-key Secret).</summary>
    public InstallManifests With(params JsonObject[] more) => new(Source, [.. Objects, .. more]);

    public JsonObject Single(string kind) => Objects.Single(o => (string?)o["kind"] == kind);

    private static string Run(string file, IEnumerable<string> arguments) => Succeeded(ProcessRunner.Run(file, arguments, RepositoryPaths.Root), file);

    private static string Succeeded(ProcessResult result, string file)
    {
        if (!result.Succeeded)
        {
            Assert.Fail($"{file} exited {result.ExitCode}: {result.StandardError}");
        }

        return result.StandardOutput;
    }
}
