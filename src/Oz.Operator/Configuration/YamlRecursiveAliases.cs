using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Oz.Operator.Configuration;

/// <summary>
/// Finds an alias that refers to a node it sits inside (<c>a: &amp;x [*x]</c>). YamlDotNet's
/// representation model resolves such an alias by recursing until the stack overflows, which no
/// catch can stop, so a config file must be checked with the event parser before it is loaded.
/// </summary>
internal static class YamlRecursiveAliases
{
    /// <summary>Where the first recursive alias starts, or null when there is none (or the text does not parse).</summary>
    public static Mark? Find(string text)
    {
        var open = new List<string?>();
        var parser = new Parser(new StringReader(text));
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case MappingStart mapping:
                        open.Add(mapping.Anchor.IsEmpty ? null : mapping.Anchor.Value);
                        break;
                    case SequenceStart sequence:
                        open.Add(sequence.Anchor.IsEmpty ? null : sequence.Anchor.Value);
                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        open.RemoveAt(open.Count - 1);
                        break;
                    case AnchorAlias alias when open.Contains(alias.Value.Value):
                        return alias.Start;
                }
            }
        }
        catch (Exception e) when (e is YamlException or ArgumentException or InvalidOperationException)
        {
            // Not YAML at all: loading the file reports that with its position.
            return null;
        }

        return null;
    }
}
