namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Disposing the simulator stops its controllers first, so running pods never touch a disposed part.</summary>
public sealed class DisposeTests
{
    private const int Pods = 30;

    private static V1Pod Pod(string name, string image) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { RestartPolicy = "Never", Containers = [new V1Container { Name = "main", Image = image }] },
    };

    private static async Task<KubeSimServer> StartWithRunningPodsAsync()
    {
        var sim = await KubeSimServer.StartAsync(new KubeSimOptions { ClockSpeed = 50 });
        for (var i = 0; i < Pods; i++)
        {
            await sim.Client.CoreV1.CreateNamespacedPodAsync(Pod($"pod-{i}", "kubesim/hang"), "default");
        }

        try
        {
            await Eventually.UntilAsync(
                async () => (await sim.Client.CoreV1.ListNamespacedPodAsync("default")).Items.All(p => p.Status?.Phase == "Running"),
                "every pod to run");
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }

        return sim;
    }

    /// <summary>A client still talking to the simulator while it is disposed, as an operator under test does.</summary>
    private static async Task ListUntilStoppedAsync(KubeSimServer sim, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await sim.Client.CoreV1.ListNamespacedPodAsync("default", cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or k8s.Autorest.HttpOperationException)
            {
                // A client's retry pause, part of the scenario (not a wait for anything).
                await Task.Delay(5, CancellationToken.None);
            }
        }
    }

    [Test]
    public async Task DisposingWithRunningPodsNeverThrows()
    {
        for (var round = 0; round < 15; round++)
        {
            var sim = await StartWithRunningPodsAsync();
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 3).Select(_ => Task.Run(() => ListUntilStoppedAsync(sim, stop.Token))).ToList();

            Assert.That(async () => await sim.DisposeAsync(), Throws.Nothing, $"round {round}");
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }
    }

    [Test]
    public async Task NoPodChangesAfterDisposeReturns()
    {
        var sim = await StartWithRunningPodsAsync();

        await sim.DisposeAsync();
        var revision = sim.Store.CurrentRevision;

        // The window is the behaviour under test: no event can announce that nothing changes, and
        // the controllers, had one survived, would write within it (the clock runs 50 times fast).
        await Task.Delay(200);

        Assert.That(sim.Store.CurrentRevision, Is.EqualTo(revision), "controllers stopped before dispose returned");
    }
}
