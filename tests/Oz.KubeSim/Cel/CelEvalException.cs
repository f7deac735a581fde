namespace Oz.KubeSim.Cel;

/// <summary>A CEL runtime error (no such key, index out of bounds, no such overload, division by zero).</summary>
public sealed class CelEvalException(string message) : Exception(message);
