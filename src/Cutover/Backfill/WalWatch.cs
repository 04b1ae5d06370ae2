using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Cutover.Backfill;

/// <summary>
/// One runner's readings of the server's WAL counters (<see cref="IBackfillWalProbe"/>): one before its first batch, then
/// one after each, so each batch's signals say how the whole server's WAL grew over that batch and the pause before it.
/// Counters the server will not show (a view revoked from the user) do not stop the backfill: it says so once and paces on
/// its own commits.
/// </summary>
internal sealed class WalWatch(IBackfillWalProbe? probe, string id, ILogger logger)
{
    private IBackfillWalProbe? _probe = probe;
    private WalCounters? _last;

    public async Task StartAsync(DbConnection connection, CancellationToken cancellationToken) =>
        _last = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);

    /// <summary>The growth since the previous reading; null without a probe or a previous reading.</summary>
    public async Task<WalSignals?> SinceLastAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var now = await ReadAsync(connection, cancellationToken).ConfigureAwait(false);
        var since = _last is { } before && now is not null ? WalSignals.Between(before, now) : (WalSignals?)null;
        _last = now;
        return since;
    }

    private async Task<WalCounters?> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_probe is null)
            return null;
        try
        {
            return await _probe.ReadWalCountersAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e) when (connection.State == System.Data.ConnectionState.Open)
        {
            Logging.CutoverLog.BackfillWalUnread(logger, id, e.Message.ReplaceLineEndings(" ").Trim());
            _probe = null;
            return null;
        }
    }
}
