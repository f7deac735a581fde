using System.Diagnostics.CodeAnalysis;

namespace Oz.Operator.Kubernetes.Informers;

/// <summary>
/// One shared instance per distinct short string, for the strings that repeat across cached
/// objects (namespaces, label and annotation keys, kinds, condition types and reasons). A decoded
/// object carries its own copy of every string; thousands of cached objects hold the same few
/// hundred values thousands of times over.
/// </summary>
/// <remarks>
/// Bounded: when it holds <see cref="Capacity"/> strings it starts over, so values that never repeat
/// (names, UIDs) cost at most a pool's worth of memory and a common value at worst one more copy per
/// round. Thread-safe; the informers of all resources share <see cref="Shared"/>.
/// </remarks>
public sealed class StringPool(int capacity = StringPool.DefaultCapacity)
{
    public const int DefaultCapacity = 8192;

    /// <summary>Longer strings are returned as they are: long values (messages, log tails) rarely repeat.</summary>
    public const int MaxLength = 128;

    private readonly Dictionary<string, string> strings = new(StringComparer.Ordinal);
    private readonly Lock sync = new();

    /// <summary>The pool the informers use.</summary>
    public static StringPool Shared { get; } = new();

    public int Capacity => capacity;

    /// <summary>Strings pooled now.</summary>
    public int Count
    {
        get
        {
            lock (sync)
            {
                return strings.Count;
            }
        }
    }

    /// <summary>The pooled instance equal to <paramref name="value"/>, pooling this one if none is.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public string? Intern(string? value)
    {
        if (value is null || value.Length > MaxLength)
        {
            return value;
        }

        if (value.Length == 0)
        {
            return string.Empty;
        }

        lock (sync)
        {
            if (strings.TryGetValue(value, out var pooled))
            {
                return pooled;
            }

            if (strings.Count >= capacity)
            {
                strings.Clear();
            }

            strings.Add(value, value);
            return value;
        }
    }
}
