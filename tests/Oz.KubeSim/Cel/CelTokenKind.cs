namespace Oz.KubeSim.Cel;

public enum CelTokenKind
{
    Identifier,
    Int,
    UInt,
    Double,
    String,
    Punctuation,
    End,
}
