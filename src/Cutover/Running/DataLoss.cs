using System.Globalization;

namespace Cutover.Running;

/// <summary>
/// Data a rollback would destroy: the rows of a table its down step drops, or the values of a column it drops — counted
/// on the live database before anything runs, so nobody loses what the application wrote since the migration unawares.
/// </summary>
/// <param name="MigrationId">The migration whose down step drops it.</param>
/// <param name="Table">The table, as <c>schema.table</c> or <c>table</c>.</param>
/// <param name="Column">The dropped column; null when the whole table is dropped.</param>
/// <param name="Count">Rows of the table, or non-NULL values of the column.</param>
public sealed record DataLoss(string MigrationId, string Table, string? Column, long Count)
{
    /// <summary>For people: <c>3 row(s) of table archive</c>, <c>40 non-NULL value(s) of column users.role</c>.</summary>
    public override string ToString() => Column is null
        ? string.Create(CultureInfo.InvariantCulture, $"{Count} row(s) of table {Table}")
        : string.Create(CultureInfo.InvariantCulture, $"{Count} non-NULL value(s) of column {Table}.{Column}");
}
