using System.Diagnostics;
using Cutover.History;
using Cutover.Schema;
using Microsoft.Extensions.Logging;

namespace Cutover.Workflows;

/// <summary>Reading the live schema, and comparing it with the one the last run recorded (drift); writes nothing.</summary>
internal sealed class SchemaWorkflow(MigratorContext context)
{
    public async Task<SchemaModel> ReadSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var model = await context.Provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
        Logging.CutoverLog.SchemaRead(context.Logger, model.Tables.Count, clock.ElapsedMilliseconds);
        return model;
    }

    public async Task<DriftReport> DriftAsync(CancellationToken cancellationToken)
    {
        await using var connection = await context.OpenAsync(forReading: true, cancellationToken).ConfigureAwait(false);
        var recorded = await SchemaRecords.LatestAsync(connection, cancellationToken).ConfigureAwait(false)
            ?? throw new OperationFailedException($"{context.RedactedConnection}: no schema recorded yet, so there is nothing to compare with",
                "the schema is recorded by every up, down or redo that runs a migration, and by baseline; drift can be checked after the next one");
        var live = await context.Provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
        var (snapshot, at, migration) = recorded;
        return new DriftReport(snapshot.Fingerprint, SchemaText.Fingerprint(live), at, migration, SchemaDiff.Compare(snapshot.Model, live));
    }
}
