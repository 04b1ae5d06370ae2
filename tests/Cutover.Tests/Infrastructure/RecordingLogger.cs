using Microsoft.Extensions.Logging;

namespace Cutover.Tests.Infrastructure;

/// <summary>A logger that keeps every formatted message, for tests that assert what the engine logged.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly Lock _gate = new();
    private readonly List<(LogLevel Level, string Message)> _entries = [];
    private readonly List<EventId> _eventIds = [];

    /// <summary>The event id of every entry, in order.</summary>
    public IReadOnlyList<EventId> EventIds
    {
        get
        {
            lock (_gate)
                return [.. _eventIds];
        }
    }

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (_gate)
                return [.. _entries];
        }
    }

    public IReadOnlyList<string> Warnings => Of(LogLevel.Warning);

    public IReadOnlyList<string> Errors => Of(LogLevel.Error);

    private List<string> Of(LogLevel level) => [.. Entries.Where(e => e.Level == level).Select(e => e.Message)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_gate)
        {
            _entries.Add((logLevel, formatter(state, exception)));
            _eventIds.Add(eventId);
        }
    }
}
