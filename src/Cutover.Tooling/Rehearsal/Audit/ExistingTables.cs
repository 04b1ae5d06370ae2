using System.Data.Common;
using Cutover.Sql;

namespace Cutover.Rehearsal.Audit;

/// <summary>
/// Reads, once per table, whether it exists on the copy, its columns and its primary key (the provider's catalog
/// query, <see cref="IReadOnlyInspection.ReadTableColumnsAsync"/>): the key names the violating rows in the sample.
/// </summary>
internal sealed class ExistingTables(ReadOnlyTransaction transaction, IReadOnlyInspection inspection, SqlSemantics engine)
{
    private readonly Dictionary<string, TableColumns?> _tables = new(StringComparer.Ordinal);

    /// <summary>Column names compare as the engine compares identifiers.</summary>
    public StringComparer Names => engine.Identifiers;

    /// <summary>The table, or null when it does not exist on the copy.</summary>
    /// <exception cref="DbException">The catalog query failed.</exception>
    public async Task<TableColumns?> FindAsync(TableName table, CancellationToken cancellationToken)
    {
        if (_tables.TryGetValue(table.Sql, out var known))
            return known;
        var found = await transaction.RunAsync((connection, token) => inspection.ReadTableColumnsAsync(connection, table.Schema, table.Name, table.Sql, token),
            cancellationToken).ConfigureAwait(false);
        _tables[table.Sql] = found;
        return found;
    }
}
