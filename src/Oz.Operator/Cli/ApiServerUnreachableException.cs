namespace Oz.Operator.Cli;

/// <summary>The API server did not answer; the message names it and says why.</summary>
public sealed class ApiServerUnreachableException : Exception
{
    public ApiServerUnreachableException()
    {
    }

    public ApiServerUnreachableException(string message)
        : base(message)
    {
    }

    public ApiServerUnreachableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
