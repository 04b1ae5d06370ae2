using System.Collections.Concurrent;
using Cutover.Rollouts;
using Microsoft.Extensions.Logging;

namespace Cutover.FeatureManagement;

/// <summary>
/// The last <see cref="ShapeSnapshot"/> of each migration an application asks about, read again once it is
/// <see cref="CutoverRolloutOptions.RefreshInterval"/> old. One read at a time per migration: requests that find it old
/// wait for that read rather than each starting their own. When a read fails the last answer is served, and the next
/// read is tried an interval later, until <see cref="CutoverRolloutOptions.MaxStaleness"/>.
/// </summary>
internal sealed class ShapeCache(Migrator migrator, CutoverRolloutOptions options, ILogger<ShapeCache> logger)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public ValueTask<ShapeSnapshot> GetAsync(string migrationId, CancellationToken cancellationToken) =>
        GetAsync(migrationId, stale: null, cancellationToken);

    /// <summary>
    /// Reads <paramref name="migrationId"/>'s state again now, unless another caller already replaced <paramref name="stale"/>:
    /// for a caller that found the answer it was given out of date (its shape statements name views complete dropped).
    /// </summary>
    public ValueTask<ShapeSnapshot> RefreshAsync(string migrationId, ShapeSnapshot stale, CancellationToken cancellationToken) =>
        GetAsync(migrationId, stale, cancellationToken);

    private async ValueTask<ShapeSnapshot> GetAsync(string migrationId, ShapeSnapshot? stale, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(migrationId, _ => new Entry());
        if (entry.Answer is { } fresh && IsCurrent(entry, fresh, stale))
            return fresh;
        await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (entry.Answer is { } refreshed && IsCurrent(entry, refreshed, stale))
                return refreshed;
            try
            {
                var snapshot = await migrator.ShapeSnapshotAsync(migrationId, cancellationToken).ConfigureAwait(false);
                entry.Last = snapshot;
                entry.LastReadAt = Now;
                entry.Answer = snapshot;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                entry.Answer = WhileUnreadable(entry, migrationId, e);
            }
            entry.NextReadAt = Now + options.RefreshInterval;
            return entry.Answer;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private ShapeSnapshot WhileUnreadable(Entry entry, string migrationId, Exception error)
    {
        if (entry.Last is { } last && Now - entry.LastReadAt < options.MaxStaleness)
        {
            logger.LogWarning(new EventId(1, "RolloutStale"), "Cutover: the rollout of {MigrationId} could not be read ({Error}); keeping the answer read {Age} ago",
                migrationId, error.Message, Now - entry.LastReadAt);
            return last;
        }
        logger.LogError(new EventId(2, "RolloutUnreadable"), "Cutover: the rollout of {MigrationId} could not be read for longer than {MaxStaleness} ({Error}); {Fallback}",
            migrationId, options.MaxStaleness, error.Message, entry.Last?.Window == ShapeWindow.Completed ? "the migration was completed: keeping the new shape" : "sending everyone to the old shape");
        return entry.Last?.Window == ShapeWindow.Completed
            ? entry.Last
            : new ShapeSnapshot(migrationId, ShapeWindow.NotOpen, null, [], options.TimeProvider.GetUtcNow().UtcDateTime);
    }

    private bool IsCurrent(Entry entry, ShapeSnapshot answer, ShapeSnapshot? stale) =>
        stale is null ? Now < entry.NextReadAt : !ReferenceEquals(answer, stale);

    private DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        /// <summary>What is served until <see cref="NextReadAt"/>.</summary>
        public ShapeSnapshot? Answer { get; set; }

        /// <summary>The last snapshot read from the database, and when.</summary>
        public ShapeSnapshot? Last { get; set; }

        public DateTimeOffset LastReadAt { get; set; }

        public DateTimeOffset NextReadAt { get; set; }
    }
}
