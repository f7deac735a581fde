using System.Globalization;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Cli;

/// <summary>
/// Reads a kubeconfig file into KubernetesClient's model, field by field from the YAML nodes.
/// KubernetesClient's own loader goes through KubernetesYaml, whose first use inspects every
/// Kubernetes model type by reflection: it loads about a thousand types at start (memory and start
/// time the operator never uses again) and cannot run in a Native AOT build at all. The fields read
/// are the ones KubernetesClient acts on (clusters, contexts, users with token, basic auth, client
/// certificates, exec and auth-provider); unknown fields are ignored, as kubectl does.
/// </summary>
public static class KubeconfigReader
{
    /// <summary>Reads <paramref name="path"/>; relative certificate paths in it resolve against its directory.</summary>
    public static K8SConfiguration Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        using var reader = new StreamReader(fullPath);
        var configuration = Parse(reader);
        configuration.FileName = fullPath;
        return configuration;
    }

    public static K8SConfiguration Parse(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw new KubeConfigException("the kubeconfig is empty");
        }

        var root = AsMapping(stream.Documents[0].RootNode, "the kubeconfig");
        return new K8SConfiguration
        {
            ApiVersion = Scalar(root, "apiVersion"),
            Kind = Scalar(root, "kind"),
            CurrentContext = Scalar(root, "current-context"),
            Clusters = Entries(root, "clusters", "cluster", ReadCluster),
            Contexts = Entries(root, "contexts", "context", ReadContext),
            Users = Entries(root, "users", "user", ReadUser),
        };
    }

    private static Cluster ReadCluster(string? name, YamlMappingNode? cluster) => new()
    {
        Name = name,
        ClusterEndpoint = cluster is null ? null : new ClusterEndpoint
        {
            Server = Scalar(cluster, "server"),
            CertificateAuthority = Scalar(cluster, "certificate-authority"),
            CertificateAuthorityData = Scalar(cluster, "certificate-authority-data"),
            TlsServerName = Scalar(cluster, "tls-server-name"),
            SkipTlsVerify = Boolean(cluster, "insecure-skip-tls-verify"),
        },
    };

    private static Context ReadContext(string? name, YamlMappingNode? context) => new()
    {
        Name = name,
        ContextDetails = context is null ? null : new ContextDetails
        {
            Cluster = Scalar(context, "cluster"),
            User = Scalar(context, "user"),
            Namespace = Scalar(context, "namespace"),
        },
    };

    private static User ReadUser(string? name, YamlMappingNode? user) => new()
    {
        Name = name,
        UserCredentials = user is null ? null : new UserCredentials
        {
            ClientCertificate = Scalar(user, "client-certificate"),
            ClientCertificateData = Scalar(user, "client-certificate-data"),
            ClientKey = Scalar(user, "client-key"),
            ClientKeyData = Scalar(user, "client-key-data"),
            Token = Scalar(user, "token"),
            Impersonate = Scalar(user, "as"),
            ImpersonateGroups = Child(user, "as-groups") is { } groups ? Strings(groups, "as-groups") : [],
            UserName = Scalar(user, "username"),
            Password = Scalar(user, "password"),
            AuthProvider = Child(user, "auth-provider") is { } provider ? ReadAuthProvider(AsMapping(provider, "auth-provider")) : null,
            ExternalExecution = Child(user, "exec") is { } exec ? ReadExec(AsMapping(exec, "exec")) : null,
        },
    };

    private static AuthProvider ReadAuthProvider(YamlMappingNode provider) => new()
    {
        Name = Scalar(provider, "name"),
        Config = Child(provider, "config") is { } config ? StringMap(AsMapping(config, "auth-provider config")) : null,
    };

    private static ExternalExecution ReadExec(YamlMappingNode exec) => new()
    {
        ApiVersion = Scalar(exec, "apiVersion"),
        Command = Scalar(exec, "command"),
        Arguments = Child(exec, "args") is { } arguments ? Strings(arguments, "exec args") : null,
        EnvironmentVariables = Child(exec, "env") is YamlSequenceNode environment
            ? environment.Children.Select(entry => StringMap(AsMapping(entry, "an exec env entry"))).ToList()
            : null,
        InstallHint = Scalar(exec, "installHint"),
        ProvideClusterInfo = Boolean(exec, "provideClusterInfo"),
    };

    /// <summary>A named list (clusters, contexts, users): entries of the form {name: …, KEY: {…}}.</summary>
    private static List<T> Entries<T>(YamlMappingNode root, string listKey, string itemKey, Func<string?, YamlMappingNode?, T> read)
    {
        if (Child(root, listKey) is not { } node)
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw new KubeConfigException($"{listKey} must be a list");
        }

        return list.Children
            .Select(entry => AsMapping(entry, $"an entry of {listKey}"))
            .Select(entry => read(Scalar(entry, "name"), Child(entry, itemKey) is { } item ? AsMapping(item, $"{listKey}[].{itemKey}") : null))
            .ToList();
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key) =>
        mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is not YamlScalarNode { Value: null or "~" } ? node : null;

    private static string? Scalar(YamlMappingNode mapping, string key) => Child(mapping, key) switch
    {
        null => null,
        YamlScalarNode scalar => scalar.Value,
        _ => throw new KubeConfigException($"{key} must be a single value"),
    };

    private static bool Boolean(YamlMappingNode mapping, string key) => Scalar(mapping, key) switch
    {
        null => false,
        var value when bool.TryParse(value, out var parsed) => parsed,
        var value => throw new KubeConfigException($"{key} must be true or false, not '{value}'"),
    };

    private static List<string> Strings(YamlNode node, string what) => node is YamlSequenceNode sequence
        ? sequence.Children.Select(item => item is YamlScalarNode { Value: { } value } ? value : throw new KubeConfigException($"{what} must be a list of values")).ToList()
        : throw new KubeConfigException($"{what} must be a list");

    private static Dictionary<string, string> StringMap(YamlMappingNode mapping) =>
        mapping.Children.ToDictionary(
            entry => ((YamlScalarNode)entry.Key).Value ?? "",
            entry => entry.Value is YamlScalarNode scalar ? scalar.Value ?? "" : throw new KubeConfigException($"{entry.Key} must be a single value"),
            StringComparer.Ordinal);

    private static YamlMappingNode AsMapping(YamlNode node, string what) =>
        node as YamlMappingNode ?? throw new KubeConfigException(string.Create(CultureInfo.InvariantCulture, $"{what} must be a mapping (line {node.Start.Line})"));
}
