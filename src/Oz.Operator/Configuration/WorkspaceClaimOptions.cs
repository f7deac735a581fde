namespace Oz.Operator.Configuration;

/// <summary>
/// The workspace as a generic ephemeral volume: a PersistentVolumeClaim made from this template for
/// each task pod (named &lt;pod&gt;-workspace, owned by the pod and deleted with it), instead of an
/// emptyDir. Used when <see cref="Size"/> is set; for repositories too large for node storage.
/// </summary>
public sealed record WorkspaceClaimOptions
{
    /// <summary>StorageClass of the claim; absent uses the cluster's default StorageClass.</summary>
    public string? StorageClassName { get; init; }

    /// <summary>The storage request of the claim (a quantity such as 50Gi); setting it turns the claim on.</summary>
    public string? Size { get; init; }

    /// <summary>Access mode of the claim.</summary>
    public string AccessMode { get; init; } = DefaultAccessMode;

    /// <summary>Default of <see cref="AccessMode"/>.</summary>
    public const string DefaultAccessMode = "ReadWriteOnce";

    /// <summary>The access modes a claim may ask for.</summary>
    public static IReadOnlyList<string> AccessModes { get; } = ["ReadWriteOnce", "ReadWriteOncePod", "ReadOnlyMany", "ReadWriteMany"];

    /// <summary>Whether the workspace is a claim rather than an emptyDir.</summary>
    public bool IsEnabled => !string.IsNullOrWhiteSpace(Size);
}
