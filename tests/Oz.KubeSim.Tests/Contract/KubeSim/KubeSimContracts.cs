namespace Oz.KubeSim.Tests.Contract.KubeSim;

// The contract suite run against the simulator; a K3s project subclasses the same abstract fixtures.
[TestFixture]
public sealed class KubeSimCrudContract : CrudContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimCustomResourceContract : CustomResourceContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimWatchContract : WatchContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimPatchContract : PatchContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimDeletionContract : DeletionContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimCelValidationContract : CelValidationContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimServerSideApplyContract : ServerSideApplyContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimEventsContract : EventsContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimApiValidationContract : ApiValidationContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimRbacContract : RbacContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider(new KubeSimOptions { ClockSpeed = 20, Rbac = true });
}

[TestFixture]
public sealed class KubeSimResourceQuotaContract : ResourceQuotaContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimJobLifecycleContract : JobLifecycleContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimValidatingAdmissionPolicyContract : ValidatingAdmissionPolicyContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider(new KubeSimOptions { ClockSpeed = 20, Rbac = true });
}

[TestFixture]
public sealed class KubeSimFieldValidationContract : FieldValidationContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimPodSecurityContract : PodSecurityContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimEphemeralVolumeContract : EphemeralVolumeContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}

[TestFixture]
public sealed class KubeSimListPagingContract : ListPagingContract
{
    private readonly KubeSimClusterProvider _provider = new();

    protected override IClusterProvider CreateProvider() => _provider;

    protected override Task CompactAsync()
    {
        _provider.Sim.Store.Compact();
        return Task.CompletedTask;
    }
}

[TestFixture]
public sealed class KubeSimSecretContract : SecretContract
{
    protected override IClusterProvider CreateProvider() => new KubeSimClusterProvider();
}
