namespace Oz.KubeSim.Controllers.Pods;

/// <summary>The pod a kubelet run works on was deleted (or replaced under the same name): the run ends quietly.</summary>
internal sealed class PodGoneException : Exception;
