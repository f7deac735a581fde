using System.Net.Http.Headers;

namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Protobuf request bodies that cannot be decoded are the client's error (400), never a crash.</summary>
public sealed class ProtobufBodyTests : SimulatorTestBase
{
    private async Task<int> PostAsync(byte[] body)
    {
        using var http = new HttpClient();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var response = await http.PostAsync($"{Sim.Url}/api/v1/namespaces/{Ns}/secrets", content);
        return (int)response.StatusCode;
    }

    [Test]
    public async Task ABodyWithoutTheKubernetesPrefixIsABadRequest() =>
        Assert.That(await PostAsync("{\"kind\":\"Secret\"}"u8.ToArray()), Is.EqualTo(400));

    [Test]
    public async Task ATruncatedBodyIsABadRequest() =>
        Assert.That(await PostAsync([0x6b, 0x38, 0x73, 0x00, 0x0a, 0x7f, 0x0a]), Is.EqualTo(400));
}
