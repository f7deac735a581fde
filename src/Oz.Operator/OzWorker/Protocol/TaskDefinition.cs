namespace Oz.Operator.OzWorker.Protocol;

/// <summary>What the task asks for. The prompt is not passed on: the agent fetches it from Oz by id.</summary>
public sealed record TaskDefinition
{
    public string? Prompt { get; init; }
}
