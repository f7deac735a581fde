namespace Oz.KubeSim.Controllers;

public enum GcWorkKind
{
    /// <summary>The owner is gone: delete its dependents (background propagation).</summary>
    DeleteDependents,

    /// <summary>Remove the owner reference from dependents, then the owner's "orphan" finalizer.</summary>
    Orphan,

    /// <summary>Delete dependents, then the owner's "foregroundDeletion" finalizer.</summary>
    Foreground,

    /// <summary>A new object names owners: delete it if none of them exists.</summary>
    CheckOwners,

    /// <summary>A CRD was deleted: delete every custom resource it served.</summary>
    DeleteAllOfType,

    /// <summary>A namespace is terminating: delete its content, then the namespace.</summary>
    DeleteNamespace,
}
