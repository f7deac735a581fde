namespace Oz.Operator.Tests.Preflight;

/// <summary>A logger keeping each entry's structured fields (the message template's named values) and its formatted message.</summary>
internal sealed class StructuredLogCapture<T> : ILogger<T>
{
    private readonly ConcurrentQueue<(LogLevel Level, IReadOnlyDictionary<string, object?> Fields, string Message)> entries = new();

    public IReadOnlyCollection<(LogLevel Level, IReadOnlyDictionary<string, object?> Fields, string Message)> Entries => entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = (state as IEnumerable<KeyValuePair<string, object?>>)?.ToDictionary(pair => pair.Key, pair => pair.Value) ?? [];
        entries.Enqueue((logLevel, fields, formatter(state, exception)));
    }
}
