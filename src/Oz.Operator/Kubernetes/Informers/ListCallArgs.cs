namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// Arguments of one list-or-watch call of a <see cref="KubernetesListerWatcher{T, TList}"/>.
/// <see cref="Limit"/> and <see cref="Continue"/> page a list (see <see cref="ListPager"/>); a watch leaves them unset.
/// </summary>
public sealed record ListCallArgs(string? LabelSelector, string? ResourceVersion, bool Watch, bool? AllowWatchBookmarks, int? TimeoutSeconds, int? Limit = null, string? Continue = null);
