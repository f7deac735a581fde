using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Oz.Crds.V1Alpha1;

/// <summary>What a schedule does when a run is due while an earlier one is still unfinished.</summary>
[Description("What a schedule does when a run is due while an earlier one is still unfinished.")]
[JsonConverter(typeof(JsonStringEnumConverter<ConcurrencyPolicy>))]
public enum ConcurrencyPolicy
{
    /// <summary>Start the new run too.</summary>
    Allow,

    /// <summary>Do not start the new run while one is unfinished.</summary>
    Forbid,

    /// <summary>Cancel the unfinished runs (delete them) and start the new one.</summary>
    Replace,
}
