using Cutover.History;
using Cutover.Rollouts;
using static Cutover.History.DbCommands;

namespace Cutover.Workflows;

/// <summary>
/// Rollouts of expanded operation migrations: who gets the new shape. A change is a row and an audit log entry in one
/// transaction, with no DDL and no migration lock, so it can be turned back to 0 at once even while a backfill holds the lock.
/// </summary>
internal sealed class RolloutWorkflow(MigratorContext context)
{
    public async Task<RolloutState> ChangeAsync(string id, RolloutChange change, CancellationToken cancellationToken)
    {
        MigrationIds.Validate(id, "id");
        Check(change);
        var files = await context.LoadFilesAsync(cancellationToken).ConfigureAwait(false);
        var target = (await context.ReadPlanAsync(files, cancellationToken).ConfigureAwait(false)).FirstOrDefault(m => m.Id == id)
                     ?? throw new InvalidOptionException("id", id, "no migration has this id", remedy: "run `status` to see the migrations");
        if (target.Phase is not ("expanding" or "expanded"))
            throw new MigrationStateException(id, MigrationConflict.OperationPhase,
                $"{target.Where}: its operations are {target.Phase ?? "not started"}: only a migration whose operations are expanded has two shapes to roll out between",
                target.Phase is null ? "apply it first (`up` expands its operations)" : null);

        await using var connection = await context.OpenAsync(forReading: false, cancellationToken).ConfigureAwait(false);
        await HistoryTable.EnsureCreatedAsync(connection, context.Provider, cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Whole microseconds, as both engines store a timestamp: what is returned is what is read back.
        var now = new DateTime(DateTime.UtcNow.Ticks / 10 * 10, DateTimeKind.Utc);
        var before = (await RolloutTable.ReadAllAsync(connection, transaction, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.MigrationId == id);
        var percent = change.Percent ?? before?.Percent ?? 0;
        var after = new RolloutState(id, percent, change.Users ?? before?.Users ?? [], change.Groups ?? before?.Groups ?? [], now, context.Options.AppliedBy,
            percent < 100 ? null : before?.FullSince ?? now);
        await ExecuteBatchAsync(connection, transaction, [RolloutTable.Upsert(after), context.Audit.Entry("rollout", id, "ok", null, Describe(before, after))],
            cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return after;
    }

    public async Task<IReadOnlyList<RolloutState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        return await RolloutTable.ReadAllAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One read, on one connection, of what an application needs to choose a request's shape of <paramref name="id"/>. It
    /// reads only Cutover's tables (no migration files), so an application can ask often.
    /// </summary>
    public async Task<ShapeSnapshot> SnapshotAsync(string id, CancellationToken cancellationToken)
    {
        MigrationIds.Validate(id, "id");
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        var history = await HistoryTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var operations = await Operations.OperationTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var row = history.FirstOrDefault(r => r.Id == id);
        var operation = operations.FirstOrDefault(o => o.MigrationId == id);
        var window = row switch
        {
            null => ShapeWindow.NotOpen,
            { IsCompleting: true } => ShapeWindow.Completed,
            _ when row.State is not (HistoryStates.Applied or HistoryStates.Baseline) => ShapeWindow.NotOpen,
            _ when operation is { CompletedAt: null } => ShapeWindow.Open,
            _ => ShapeWindow.Completed,
        };
        if (window == ShapeWindow.NotOpen)
            return new ShapeSnapshot(id, window, null, [], DateTime.UtcNow);
        // Completed: the statements of earlier migrations still in their window (an application written for this one
        // knows their new shapes too); its own are gone with its views.
        var rollout = window == ShapeWindow.Open
            ? (await RolloutTable.ReadAllAsync(connection, null, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.MigrationId == id)
            : null;
        return new ShapeSnapshot(id, window, rollout, OperationWorkflow.Shape(history, operations, id), DateTime.UtcNow);
    }

    private static void Check(RolloutChange change)
    {
        if (change.Percent is null && change.Users is null && change.Groups is null)
            throw new InvalidOptionException(nameof(RolloutChange.Percent), null, "says nothing to change", remedy: "give a percentage, users or groups");
        if (change.Percent is < 0 or > 100)
            throw new InvalidOptionException(nameof(RolloutChange.Percent), change.Percent.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 0 to 100");
        foreach (var name in (change.Users ?? []).Concat((change.Groups ?? []).Select(g => g.Name)))
            if (string.IsNullOrWhiteSpace(name) || name.Contains('\n', StringComparison.Ordinal) || name.Contains('\t', StringComparison.Ordinal))
                throw new InvalidOptionException(nameof(RolloutChange.Users), name, "is not a user or group name (blank, or holds a tab or line break)");
        if ((change.Groups ?? []).FirstOrDefault(g => g.Percent is < 0 or > 100) is { } group)
            throw new InvalidOptionException(nameof(RolloutChange.Groups), $"{group.Name}={group.Percent}", "a group's percentage must be 0 to 100");
    }

    /// <summary>The audit log's line: what it was, what it is.</summary>
    private static string Describe(RolloutState? before, RolloutState after)
    {
        static string Of(RolloutState? s) => s is null ? "none" :
            $"{s.Percent}%" + (s.Users.Count > 0 ? $", users {string.Join(",", s.Users)}" : "") + (s.Groups.Count > 0 ? $", groups {string.Join(",", s.Groups.Select(g => $"{g.Name}={g.Percent}%"))}" : "");
        return $"{Of(before)} -> {Of(after)}";
    }
}
