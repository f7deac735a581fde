using k8s;
using k8s.Autorest;
using k8s.Models;

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

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await client.CustomObjects.ListClusterCustomObjectAsync(group, version, plural);
                return;
            }
            catch (HttpOperationException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
