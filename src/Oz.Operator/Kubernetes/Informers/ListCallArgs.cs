namespace Oz.Operator.Kubernetes.Informers;

/// <summary>Arguments of one list-or-watch call of a <see cref="KubernetesListerWatcher{T, TList}"/>.</summary>
public sealed record ListCallArgs(string? LabelSelector, string? ResourceVersion, bool Watch, bool? AllowWatchBookmarks, int? TimeoutSeconds);
