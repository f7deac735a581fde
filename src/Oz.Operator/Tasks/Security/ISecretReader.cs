using k8s.Models;

namespace Oz.Operator.Tasks.Security;

/// <summary>Reads one Secret by name: the only Secret read the Secret check makes.</summary>
public interface ISecretReader
{
    /// <summary>The Secret, or null when it does not exist.</summary>
    Task<V1Secret?> ReadSecretAsync(string @namespace, string name, CancellationToken cancellationToken);
}
