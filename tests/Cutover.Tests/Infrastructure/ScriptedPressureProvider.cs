using System.Data.Common;

namespace Cutover.Tests.Infrastructure;

/// <summary>
/// A real provider whose pressure signal says what a test scripts: the backfill runner's reaction to a database under
/// pressure (wait, log it once, count the wait) tested on any engine, without overloading a server. Counts the probes.
/// Everything else goes to the real provider, so the database work is real; it has none of the other optional capabilities.
/// </summary>
internal sealed class ScriptedPressureProvider(IDatabaseProvider inner, Func<int, string?> pressureAtProbe) : DelegatingProvider(inner), IBackfillPressureProbe
{
    private int _probes;

    /// <summary>How many times the runner asked for the pressure.</summary>
    public int Probes => Volatile.Read(ref _probes);

    public Task<string?> PressureAsync(DbConnection connection, PressureLimits limits, CancellationToken cancellationToken) =>
        Task.FromResult(pressureAtProbe(Interlocked.Increment(ref _probes)));
}
