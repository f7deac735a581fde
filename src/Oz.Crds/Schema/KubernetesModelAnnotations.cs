using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using k8s.Models;

namespace Oz.Crds.Schema;

/// <summary>
/// Schema attributes for Kubernetes model properties, which cannot carry our attributes. Upstream
/// declares these with kubebuilder markers on the Go types (required fields, metav1.Condition's
/// enums and patterns); KubernetesClient's C# models lose them, so they are restated here once,
/// in the same attribute vocabulary as our own types.
/// </summary>
internal static class KubernetesModelAnnotations
{
    /// <summary>metav1.Condition's reason: CamelCase, as upstream validates it.</summary>
    public const string ConditionReasonPattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

    /// <summary>metav1.Condition's type: an optional DNS-subdomain prefix and a qualified name.</summary>
    public const string ConditionTypePattern =
        @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

    private static readonly Dictionary<(Type Type, string Property), Attribute[]> Annotations = new()
    {
        [(typeof(V1EnvVar), nameof(V1EnvVar.Name))] = [new RequiredAttribute()],
        [(typeof(V1ConfigMapKeySelector), nameof(V1ConfigMapKeySelector.Key))] = [new RequiredAttribute()],
        [(typeof(V1ConfigMapKeySelector), nameof(V1ConfigMapKeySelector.Name))] = [new DefaultValueAttribute("")],
        [(typeof(V1SecretKeySelector), nameof(V1SecretKeySelector.Key))] = [new RequiredAttribute()],
        [(typeof(V1SecretKeySelector), nameof(V1SecretKeySelector.Name))] = [new DefaultValueAttribute("")],
        [(typeof(V1ConfigMapEnvSource), nameof(V1ConfigMapEnvSource.Name))] = [new DefaultValueAttribute("")],
        [(typeof(V1SecretEnvSource), nameof(V1SecretEnvSource.Name))] = [new DefaultValueAttribute("")],
        [(typeof(V1ObjectFieldSelector), nameof(V1ObjectFieldSelector.FieldPath))] = [new RequiredAttribute()],
        [(typeof(V1ResourceFieldSelector), nameof(V1ResourceFieldSelector.Resource))] = [new RequiredAttribute()],
        [(typeof(V1FileKeySelector), nameof(V1FileKeySelector.Key))] = [new RequiredAttribute()],
        [(typeof(V1FileKeySelector), nameof(V1FileKeySelector.Path))] = [new RequiredAttribute()],
        [(typeof(V1FileKeySelector), nameof(V1FileKeySelector.VolumeName))] = [new RequiredAttribute()],
        [(typeof(V1ResourceRequirements), nameof(V1ResourceRequirements.Claims))] = [new ListMapAttribute("name")],
        [(typeof(Corev1ResourceClaim), nameof(Corev1ResourceClaim.Name))] = [new RequiredAttribute()],
        [(typeof(V1Condition), nameof(V1Condition.Type))] =
            [new RequiredAttribute(), new MaxLengthAttribute(316), new RegularExpressionAttribute(ConditionTypePattern)],
        [(typeof(V1Condition), nameof(V1Condition.Status))] =
            [new RequiredAttribute(), new AllowedValuesAttribute("True", "False", "Unknown")],
        [(typeof(V1Condition), nameof(V1Condition.ObservedGeneration))] = [new MinimumAttribute(0)],
        [(typeof(V1Condition), nameof(V1Condition.LastTransitionTime))] = [new RequiredAttribute()],
        [(typeof(V1Condition), nameof(V1Condition.Reason))] =
            [new RequiredAttribute(), new MinLengthAttribute(1), new MaxLengthAttribute(1024), new RegularExpressionAttribute(ConditionReasonPattern)],
        [(typeof(V1Condition), nameof(V1Condition.Message))] = [new RequiredAttribute(), new MaxLengthAttribute(32768)],
    };

    /// <summary>The attributes restated for a Kubernetes model property; empty for any other property.</summary>
    public static IReadOnlyList<Attribute> For(PropertyInfo property) =>
        property.DeclaringType is { } type && Annotations.TryGetValue((type, property.Name), out var attributes)
            ? attributes
            : [];
}
