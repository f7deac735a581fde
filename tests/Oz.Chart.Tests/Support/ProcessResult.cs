namespace Oz.Chart.Tests.Support;

/// <summary>What an external command printed and how it exited.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    public override string ToString() => $"exit {ExitCode}\n--- stderr ---\n{StandardError}\n--- stdout ---\n{StandardOutput}";
}
