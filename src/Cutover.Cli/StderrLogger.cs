using Microsoft.Extensions.Logging;

namespace Cutover.Cli;

/// <summary>Writes the engine's log to stderr: warnings always, information with --verbose.</summary>
internal sealed class StderrLogger<T>(TextWriter stderr, bool verbose) : ILogger<T>
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= (verbose ? LogLevel.Information : LogLevel.Warning);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
            stderr.WriteLine($"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}");
    }
}
