namespace Oz.KubeSim.Tests.Fixtures;

/// <summary>Creates a ServiceAccount, asks a token for it (TokenRequest) and returns a client that authenticates with it.</summary>
public static class ServiceAccountClients
{
    public static async Task<IKubernetes> CreateAsync(IClusterProvider cluster, string ns, string name)
    {
        await cluster.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns);
        var token = await TokenAsync(cluster.Client, ns, name);
        return cluster.ClientForToken(token);
    }

    /// <summary>What <c>kubectl create token NAME -n NS</c> prints.</summary>
    public static async Task<string> TokenAsync(IKubernetes admin, string ns, string name, long expirationSeconds = 3600)
    {
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = expirationSeconds } };
        var answered = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, name, ns);
        return answered.Status.Token;
    }
}
