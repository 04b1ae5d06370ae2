using System.Data.Common;
using Cutover.Importing;

namespace Cutover.Cli.Commands;

/// <summary>
/// What every <c>cutover import &lt;tool&gt;</c> does around its tool's own planning: read the tool's history from the
/// database named by --connection (never from cutover.json's: a baseline is set only where the user points), write the
/// planned files, and only then set the baseline.
/// </summary>
internal static class ImportSteps
{
    /// <summary>With --connection, a migrator for that database and the history <paramref name="read"/> finds there; without it, neither.</summary>
    public static async Task<(Migrator? Migrator, T? History)> ReadHistoryAsync<T>(
        CliContext context, Func<DbConnection, CancellationToken, Task<T?>> read, CancellationToken cancellationToken) where T : class
    {
        if (context.ConnectionOption is null)
            return (null, null);
        var migrator = await context.MigratorAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await migrator.Provider.OpenAsync(migrator.Options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        return (migrator, await read(connection, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Writes the files, then baselines at <paramref name="baselineId"/> when there is one. The baseline was decided before
    /// (a history the files cannot stand for refuses the whole import, writing nothing), and is never set for files not written.
    /// </summary>
    public static async Task WriteAsync<TReport>(ImportPlan<TReport> plan, Migrator? migrator, string? baselineId, CancellationToken cancellationToken)
    {
        await plan.WriteAsync(cancellationToken).ConfigureAwait(false);
        if (baselineId is not null)
            await migrator!.BaselineAsync(baselineId, cancellationToken).ConfigureAwait(false);
    }
}
