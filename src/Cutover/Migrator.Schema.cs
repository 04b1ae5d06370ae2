using Cutover.History;
using Cutover.Schema;
using Microsoft.Extensions.Logging;

namespace Cutover;

public sealed partial class Migrator
{
    /// <summary>
    /// Reads the live database's schema model (Cutover's own tables excluded). Writes nothing; a SQLite
    /// file that does not exist reads as an empty schema.
    /// </summary>
    public async Task<SchemaModel> ReadSchemaAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = await _provider.ReadSchemaAsync(connection, _options.Schemas, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Read the schema ({Tables} tables) in {Elapsed} ms", model.Tables.Count, clock.ElapsedMilliseconds);
        return model;
    }

    /// <summary>
    /// Compares the live schema with the one recorded (in <c>cutover_schema</c>) after the last up, down,
    /// redo or baseline, and names every change made outside migrations. Writes nothing. Fails when no
    /// schema has been recorded yet.
    /// </summary>
    public async Task<DriftReport> DriftAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _provider.OpenAsync(_options.ConnectionString, forReading: true, cancellationToken).ConfigureAwait(false);
        var recorded = await SchemaRecords.LatestAsync(connection, cancellationToken).ConfigureAwait(false)
            ?? throw new OperationFailedException($"{RedactedConnection}: no schema recorded yet, so there is nothing to compare with",
                "the schema is recorded by every up, down or redo that runs a migration, and by baseline; drift can be checked after the next one");
        var live = await _provider.ReadSchemaAsync(connection, _options.Schemas, cancellationToken).ConfigureAwait(false);
        var (snapshot, at, migration) = recorded;
        return new DriftReport(snapshot.Fingerprint, SchemaText.Fingerprint(live), at, migration, SchemaDiff.Compare(snapshot.Model, live));
    }
}
