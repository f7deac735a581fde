namespace Oz.Operator.Tasks.Status;

/// <summary>Container names of the task pod as DESIGN §3 fixes them.</summary>
public static class TaskContainerNames
{
    /// <summary>The container running the agent.</summary>
    public const string Task = "task";

    /// <summary>The optional init container running the operator's setupCommand.</summary>
    public const string Setup = "setup";
}
