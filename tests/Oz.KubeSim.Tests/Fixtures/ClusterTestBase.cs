using k8s.Autorest;

namespace Oz.KubeSim.Tests.Fixtures;

/// <summary>
/// Base of every contract fixture: one cluster per fixture, one fresh namespace per test.
/// Concrete fixtures pick the cluster by overriding <see cref="CreateProvider"/>.
/// </summary>
public abstract class ClusterTestBase
{
    private IClusterProvider? _provider;

    protected IKubernetes Client => _provider!.Client;

    protected IClusterProvider Provider => _provider!;

    /// <summary>The namespace created for the current test.</summary>
    protected string Ns { get; private set; } = "";

    protected abstract IClusterProvider CreateProvider();

    [OneTimeSetUp]
    public async Task StartClusterAsync()
    {
        _provider = CreateProvider();
        await _provider.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopClusterAsync()
    {
        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    [SetUp]
    public async Task CreateNamespaceAsync()
    {
        Ns = "t-" + Guid.NewGuid().ToString("N")[..10];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Ns } });
    }

    protected static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null, string value = "v") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    /// <summary>Runs a call expected to fail and returns the HTTP status code and the metav1.Status body.</summary>
    protected static async Task<(int Code, V1Status? Status)> FailureOf(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e)
        {
            V1Status? status = null;
            try
            {
                status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
            }
            catch (System.Text.Json.JsonException)
            {
            }

            return ((int)e.Response.StatusCode, status);
        }

        Assert.Fail("the call was expected to fail");
        return (0, null);
    }

    /// <summary>Polls until the condition holds (no fixed sleeps): fails after the timeout (the shared default unless given).</summary>
    protected static Task Eventually(Func<Task<bool>> condition, string what, double? seconds = null) =>
        global::Oz.Testing.Eventually.UntilAsync(condition, what, seconds is { } s ? TimeSpan.FromSeconds(s) : null);
}
