using Oz.Operator.Tasks.Security;

namespace Oz.Operator.Tests.Tasks.Security;

/// <summary>Secrets in memory, by name; every read is counted.</summary>
internal sealed class FakeSecretReader : ISecretReader
{
    public Dictionary<string, V1Secret> Secrets { get; } = new(StringComparer.Ordinal);

    public List<string> Reads { get; } = [];

    public V1Secret Add(string name, IDictionary<string, string>? labels = null, string value = "s3cret-value", V1OwnerReference? owner = null)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = Fixtures.Namespace,
                Labels = labels is null ? null : new Dictionary<string, string>(labels),
                OwnerReferences = owner is null ? null : [owner],
            },
            Data = new Dictionary<string, byte[]> { ["KEY"] = System.Text.Encoding.UTF8.GetBytes(value) },
        };
        Secrets[name] = secret;
        return secret;
    }

    public Task<V1Secret?> ReadSecretAsync(string @namespace, string name, CancellationToken cancellationToken)
    {
        Reads.Add(name);
        return Task.FromResult(Secrets.GetValueOrDefault(name));
    }
}
