namespace Oz.Operator.Tests.OzWorker.Fakes;

/// <summary>
/// Keeps every log entry, so tests can search them or wait for a line instead of sleeping:
/// <see cref="Messages"/> as formatted, <see cref="Lines"/> with level, category, state and exception text.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public IReadOnlyCollection<string> Lines => _lines;

    public string AllText => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, CapturingLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(' ', pairs.Select(p => $"{p.Key}={p.Value}"))
                : "";
            provider._messages.Enqueue(message);
            provider._lines.Enqueue($"{logLevel} {category}: {message} [{structured}] {exception}");
        }
    }
}
