using System.Collections.Concurrent;
using Oz.KubeSim.Cel;

namespace Oz.KubeSim.Validation;

/// <summary>Compiled rule and messageExpression programs, cached by source text (CRDs repeat the same rules).</summary>
public static class CelRules
{
    private static readonly string[] Variables = ["self", "oldSelf"];
    private static readonly ConcurrentDictionary<string, Lazy<CelProgram>> Cache = new(StringComparer.Ordinal);

    /// <summary>Compiles (or returns the cached) program; throws <see cref="CelCompileException"/>.</summary>
    public static CelProgram Compile(string source) =>
        Cache.GetOrAdd(source, s => new Lazy<CelProgram>(() => CelProgram.Compile(s, Variables))).Value;
}
