namespace Oz.KubeSim.Cel;

/// <summary>One lexical token with its decoded value (numbers, unescaped strings) and 1-based column.</summary>
public sealed record CelToken(CelTokenKind Kind, string Text, object? Value, int Column);
