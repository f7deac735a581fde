namespace Oz.Operator.Hosting;

/// <summary>Whether the startup preflight passed, and its readable report.</summary>
public sealed record OperatorPreflightResult(bool Passed, string Report);
