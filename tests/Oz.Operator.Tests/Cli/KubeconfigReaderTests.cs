using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Oz.Operator.Cli;

namespace Oz.Operator.Tests.Cli;

public sealed class KubeconfigReaderTests : TempDirectoryFixture
{
    // Every field KubernetesClient acts on, in two contexts, with an anchor and an unknown field.
    private const string Full = """
        apiVersion: v1
        kind: Config
        preferences: {}
        current-context: dev
        clusters:
          - name: prod
            cluster:
              server: https://10.0.0.1:6443
              certificate-authority-data: &ca Q0EgZGF0YQ==
              tls-server-name: kubernetes.default
              extensions: [{name: x, extension: {a: 1}}]
          - name: dev
            cluster:
              server: https://127.0.0.1:6443
              certificate-authority: certs/ca.crt
              insecure-skip-tls-verify: true
        contexts:
          - name: prod
            context: {cluster: prod, user: cloud, namespace: team-a}
          - name: dev
            context:
              cluster: dev
              user: dev
        users:
          - name: cloud
            user:
              exec:
                apiVersion: client.authentication.k8s.io/v1beta1
                command: cloud-auth
                args: [token, --cluster, prod]
                env:
                  - name: CLOUD_PROFILE
                    value: ops
                installHint: install cloud-auth
                provideClusterInfo: true
              as: admin
              as-groups: [system:masters]
          - name: dev
            user:
              client-certificate: certs/client.crt
              client-key: certs/client.key
              token: dev-token
              username: u
              password: p
          - name: oidc
            user:
              auth-provider:
                name: oidc
                config: {client-id: oz, idp-issuer-url: "https://issuer"}
        """;

    [Test]
    public void ReadsWhatKubernetesClientsOwnLoaderReads()
    {
        var path = Temp.Write("config", Full);

        var ours = KubeconfigReader.Read(path);
        var theirs = KubernetesClientConfiguration.LoadKubeConfig(path);

        // The fields this reader skips (preferences, extensions) are not used to connect.
        theirs.Preferences = null;
        theirs.Extensions = null;
        foreach (var cluster in theirs.Clusters)
        {
            cluster.ClusterEndpoint.Extensions = null;
        }

        Assert.That(KubernetesJson.Serialize(ours), Is.EqualTo(KubernetesJson.Serialize(theirs)));
        Assert.That(ours.FileName, Is.EqualTo(theirs.FileName).And.EqualTo(Path.GetFullPath(path)));
    }

    [Test]
    public void RelativeCertificatePathsResolveAgainstTheKubeconfigsDirectory()
    {
        Directory.CreateDirectory(Path.Combine(Temp.Path, "certs"));
        using var key = ECDsa.Create();
        using var certificate = new CertificateRequest("CN=test-ca", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(Temp.Path, "certs", "ca.crt"), certificate.ExportCertificatePem());
        var path = Temp.Write("config", """
            apiVersion: v1
            kind: Config
            current-context: dev
            clusters: [{name: dev, cluster: {server: "https://127.0.0.1:6443", certificate-authority: certs/ca.crt}}]
            contexts: [{name: dev, context: {cluster: dev, user: dev}}]
            users: [{name: dev, user: {token: t}}]
            """);

        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigReader.Read(path));

        Assert.That(configuration.SslCaCerts.Single().Subject, Is.EqualTo("CN=test-ca"));
    }

    [Test]
    public void TheCurrentContextPicksClusterUserAndNamespace()
    {
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(KubeconfigReader.Parse(new StringReader("""
            current-context: b
            clusters: [{name: a, cluster: {server: "http://a:1"}}, {name: b, cluster: {server: "http://b:2"}}]
            contexts: [{name: a, context: {cluster: a, user: a}}, {name: b, context: {cluster: b, user: b, namespace: ns-b}}]
            users: [{name: a, user: {token: token-a}}, {name: b, user: {token: token-b}}]
            """)));

        Assert.That((configuration.Host, configuration.AccessToken, configuration.Namespace, configuration.CurrentContext),
            Is.EqualTo(("http://b:2", "token-b", "ns-b", "b")));
    }

    [TestCase("", "empty")]
    [TestCase("clusters: {name: a}", "clusters must be a list")]
    [TestCase("clusters: [{name: a, cluster: [1]}]", "must be a mapping")]
    [TestCase("clusters: [{name: a, cluster: {server: [x]}}]", "server must be a single value")]
    [TestCase("clusters: [{name: a, cluster: {insecure-skip-tls-verify: maybe}}]", "insecure-skip-tls-verify must be true or false")]
    [TestCase("clusters: [{name: a", "cannot use kubeconfig")]
    public void AMalformedKubeconfigIsAConfigurationErrorNamingTheProblem(string text, string expected)
    {
        var path = Temp.Write("config", text);

        var error = Assert.Throws<KubernetesConfigException>(() => KubernetesConfigResolver.Resolve(new OperatorOptions { Kubeconfig = path }, new Dictionary<string, string>()));

        Assert.That(error!.Message, Does.Contain(expected).And.Contain(path));
    }
}
