using System.Data.Common;
using System.Globalization;
using Cutover.History;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Workflows;

/// <summary>
/// Counts what rolling back would destroy: for every <c>DROP TABLE</c> in the down steps the table's rows, for every
/// <c>ALTER TABLE … DROP [COLUMN]</c> the column's non-NULL values — read from the statement shapes, counted on the live
/// database. A table or column that does not exist now (dropped or renamed by a newer down step) counts nothing.
/// </summary>
internal static class DataLossCount
{
    /// <summary>The losses of rolling back <paramref name="targets"/> (newest first), only those with something to lose.</summary>
    public static async Task<IReadOnlyList<DataLoss>> CountAsync(
        MigratorContext context, DbConnection connection, IReadOnlyList<PlannedMigration> targets, CancellationToken cancellationToken)
    {
        var dialect = context.Provider.Dialect;
        var drops = targets.SelectMany(t => t.StoredDownScript(dialect).DownSteps
                .SelectMany(step => step.Statements)
                .SelectMany(statement => Dropped(statement, dialect).Select(d => (t.Id, d.Table, d.Column))))
            .ToList();
        if (drops.Count == 0)
            return [];

        var model = await context.Provider.ReadSchemaAsync(connection, context.Options.Schemas, cancellationToken).ConfigureAwait(false);
        var losses = new List<DataLoss>();
        var counted = new HashSet<(string, string?)>();
        foreach (var (id, name, column) in drops)
        {
            if (Resolve(model, name, context.Options.Schemas) is not { } table)
                continue;
            var columnName = column is null ? null : table.Columns.Select(c => c.Name).FirstOrDefault(c => c == column)
                ?? table.Columns.Select(c => c.Name).FirstOrDefault(c => string.Equals(c, column, StringComparison.OrdinalIgnoreCase));
            if (column is not null && columnName is null)
                continue;
            var qualified = SchemaText.Name(table.Schema, table.Name);
            if (!counted.Add((qualified, columnName)))
                continue;
            var sql = $"SELECT count({(columnName is null ? "*" : SchemaText.Quote(columnName))}) FROM {qualified}";
            await using var command = DbCommands.Create(connection, null, sql);
            var count = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            if (count > 0)
                losses.Add(new DataLoss(id, table.Schema.Length == 0 ? table.Name : $"{table.Schema}.{table.Name}", columnName, count));
        }
        return losses;
    }

    /// <summary>The tables and columns one statement drops, as the statement names them (folded).</summary>
    private static IEnumerable<(TableName Table, string? Column)> Dropped(SqlStatement statement, SqlDialect dialect)
    {
        StatementShape shape;
        try
        {
            shape = StatementShape.Parse(statement.Text, dialect);
        }
        catch (CutoverException)
        {
            // Stored down SQL that does not lex is reported when it runs; there is nothing to count here.
            yield break;
        }
        var s = shape.Tokens;
        if (shape.Kind == StatementKind.Drop && s[1] == "TABLE")
        {
            // The shape keeps the last part of each name: find each one's qualifier again from the tokens.
            var i = s.Is(2, "IF", "EXISTS") ? 4 : 2;
            while (i < s.Count && s[i] is not ("CASCADE" or "RESTRICT"))
            {
                yield return (TableName.From(s.ReadQualifiedName(ref i)), null);
                if (s[i] != ",")
                    break;
                i++;
            }
        }
        else if (shape is { Kind: StatementKind.AlterTable, Table: { } table })
        {
            foreach (var action in shape.Actions)
            {
                if (s[action.Start] != "DROP" || s[action.Start + 1] is "CONSTRAINT" or "PRIMARY" or "FOREIGN" or "UNIQUE" or "CHECK")
                    continue;
                var at = StatementShapeReader.SkipColumnWords(s, action.Start + 1);
                if (at < action.End)
                    yield return (table, s.Folded(at));
            }
        }
    }

    /// <summary>The live table a statement's name means: its schema when qualified, else the first of the searched schemas that has it.</summary>
    private static TableModel? Resolve(SchemaModel model, TableName name, IReadOnlyList<string> schemas)
    {
        var candidates = model.Tables.Where(t => name.Schema is null || t.Schema.Length == 0 || t.Schema == name.Schema).ToList();
        int Rank(TableModel t) => schemas.ToList().IndexOf(t.Schema) is var k and >= 0 ? k : int.MaxValue;
        return candidates.Where(t => t.Name == name.Name).OrderBy(Rank).FirstOrDefault()
            ?? candidates.Where(t => string.Equals(t.Name, name.Name, StringComparison.OrdinalIgnoreCase)).OrderBy(Rank).FirstOrDefault();
    }
}
