namespace Oz.KubeSim.Cel;

/// <summary>A CEL expression that does not compile (syntax, undeclared reference, unknown function).</summary>
public sealed class CelCompileException(string message) : Exception(message);
