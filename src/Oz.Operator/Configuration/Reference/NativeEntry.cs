using YamlDotNet.RepresentationModel;

namespace Oz.Operator.Configuration.Reference;

/// <summary>
/// One translated key: the native key path, the reference key it came from (for messages), the
/// reference file's key node (for its position) and the value node.
/// </summary>
public sealed record NativeEntry(string Path, string ReferencePath, YamlNode KeyNode, YamlNode Value);
