namespace Oz.Operator.Tests.Tasks.JobBuilderTests;

/// <summary>A script exited but processes it started still held its stderr (they were killed).</summary>
internal sealed class ShellLeftoverException(string message) : Exception(message);
