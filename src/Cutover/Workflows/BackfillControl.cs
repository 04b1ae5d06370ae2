using Cutover.Backfill;
using Cutover.History;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>
/// Looking at and steering backfills by id: their checkpoints, pause, resume, cancel. State lives in the database,
/// so this works from any machine while a runner elsewhere does the batches.
/// </summary>
internal sealed class BackfillControl(MigratorContext context)
{
    public async Task<IReadOnlyList<BackfillStatus>> StatusAsync(CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        return await CheckpointTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public Task<BackfillStatus> PauseAsync(string id, CancellationToken cancellationToken) =>
        TransitionAsync(id, [BackfillStates.Queued, BackfillStates.Running, BackfillStates.Failed], BackfillStates.Paused, "pause", cancellationToken);

    public Task<BackfillStatus> ResumeAsync(string id, CancellationToken cancellationToken) =>
        TransitionAsync(id, [BackfillStates.Paused, BackfillStates.Cancelled, BackfillStates.Failed], BackfillStates.Running, "resume", cancellationToken);

    public Task<BackfillStatus> CancelAsync(string id, CancellationToken cancellationToken) =>
        TransitionAsync(id, [BackfillStates.Queued, BackfillStates.Running, BackfillStates.Paused, BackfillStates.Failed], BackfillStates.Cancelled, "cancel", cancellationToken);

    /// <summary>Moves the backfill from one of <paramref name="from"/> to <paramref name="to"/> in one statement, so two people steering it at once cannot both win.</summary>
    private async Task<BackfillStatus> TransitionAsync(string id, IReadOnlyList<string> from, string to, string verb, CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenAsync(forReading: false, cancellationToken).ConfigureAwait(false);
        var all = await CheckpointTable.ReadAllAsync(connection, cancellationToken).ConfigureAwait(false);
        var target = Find(all, id);
        if (!await CheckpointTable.TransitionAsync(connection, target.Id, from, to, $"{verb} by {context.Options.AppliedBy} on {Environment.MachineName}", cancellationToken).ConfigureAwait(false))
        {
            var now = await CheckpointTable.ReadAsync(connection, null, target.Id, cancellationToken).ConfigureAwait(false);
            throw new BackfillException(target.Id, BackfillProblem.WrongState,
                $"backfill {target.Id} is {now?.State ?? "gone"}; only a {string.Join(", ", from)} backfill can be {(verb == "cancel" ? "cancelled" : verb + "d")}");
        }
        await context.Audit.AppendAsync(connection, null, "backfill", target.MigrationId, verb, null, target.Id, cancellationToken).ConfigureAwait(false);
        Logging.CutoverLog.BackfillControlled(context.Logger, target.Id, verb);
        return (await CheckpointTable.ReadAsync(connection, null, target.Id, cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>A backfill by its id, or by its migration's id when that migration has exactly one.</summary>
    private static BackfillStatus Find(IReadOnlyList<BackfillStatus> all, string id)
    {
        var exact = all.FirstOrDefault(b => b.Id == id);
        if (exact is not null)
            return exact;
        var ofMigration = all.Where(b => b.MigrationId == id).ToList();
        return ofMigration.Count switch
        {
            1 => ofMigration[0],
            0 => throw new BackfillException(id, BackfillProblem.NotFound, $"no backfill has the id {id}",
                all.Count == 0 ? "no backfill has started in this database" : $"known: {string.Join(", ", all.Select(b => b.Id))}"),
            _ => throw new BackfillException(id, BackfillProblem.Ambiguous, $"migration {id} has {ofMigration.Count} backfills", $"name one: {string.Join(", ", ofMigration.Select(b => b.Id))}"),
        };
    }
}
