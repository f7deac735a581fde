namespace Oz.Operator.Tasks;

/// <summary>POSIX shell quoting for text embedded in generated scripts.</summary>
internal static class ShellQuoting
{
    /// <summary>Single-quotes a word: inside '…' nothing is special except ', written as '\''.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
