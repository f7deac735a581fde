namespace Oz.KubeSim.Tests.Simulator;

/// <summary>Tests of behaviour only the simulator can script (pod outcomes, faults, request log).</summary>
public abstract class SimulatorTestBase : ClusterTestBase
{
    protected KubeSimServer Sim => ((KubeSimClusterProvider)Provider).Sim;

    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider(new KubeSimOptions { ClockSpeed = 50 });
}
