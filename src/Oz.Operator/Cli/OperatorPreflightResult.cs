namespace Oz.Operator.Cli;

/// <summary>Whether the startup preflight passed, and its readable report.</summary>
public sealed record OperatorPreflightResult(bool Passed, string Report);
