using k8s.Autorest;

namespace Oz.KubeSim.Tests.Fixtures;

/// <summary>Creates a CRD unless it exists and waits until its resource is served (a real API server takes a moment).</summary>
internal static class CrdInstaller
{
    public static async Task EnsureServedAsync(IKubernetes client, V1CustomResourceDefinition crd, string group, string version, string plural)
    {
        try
        {
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }
        catch (HttpOperationException e) when ((int)e.Response.StatusCode == 409)
        {
            // Created by an earlier fixture of the same run.
        }

        await Eventually.UntilAsync(
            async () =>
            {
                await client.CustomObjects.ListClusterCustomObjectAsync(group, version, plural);
                return true;
            },
            served => served,
            () => $"{plural}.{group} to be served",
            retryOn: e => e is HttpOperationException);
    }
}
