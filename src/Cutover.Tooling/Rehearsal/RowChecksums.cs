using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Cutover.Files;
using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.Rehearsal;

/// <summary>
/// What the rows of a table hold, as checksums the rollback drill compares before the up and after the down: a row
/// count alone passes a down step that NULLs a column or rewrites values. Each value is read as text (<c>CAST(… AS
/// text)</c>, which both engines give for every type) and hashed; a table's checksum is the sum of its rows' hashes and
/// each column's the sum of its values' hashes, so the order the database returns rows in does not matter and no key
/// or sort is needed — the same multiset of rows gives the same sums. The column sums name what changed.
/// </summary>
internal static class RowChecksums
{
    /// <summary>The checksums of <paramref name="tables"/> (the columns the model lists), by <c>SchemaText.Name</c>.</summary>
    public static async Task<Dictionary<string, TableChecksum>> ComputeAsync(DbConnection connection, IEnumerable<TableModel> tables, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<string, TableChecksum>(StringComparer.Ordinal);
        foreach (var table in tables.Where(t => t.PartitionBy is null && t.Columns.Count > 0))
        {
            var columns = table.Columns.Select(c => c.Name).ToList();
            var sql = $"SELECT {string.Join(", ", columns.Select(c => $"CAST({SchemaText.Quote(c)} AS text)"))} FROM {SchemaText.Name(table.Schema, table.Name)}";
            await using var command = History.DbCommands.Create(connection, null, sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rowSum = new UInt128();
            var columnSums = new UInt128[columns.Count];
            var row = new StringBuilder();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row.Clear();
                for (var i = 0; i < columns.Count; i++)
                {
                    // NULL and every text are told apart by their first character.
                    var value = reader.IsDBNull(i) ? "\u0000" : "=" + reader.GetString(i);
                    columnSums[i] += Hash(value);
                    row.Append(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(value);
                }
                rowSum += Hash(row.ToString());
            }
            sums[SchemaText.Name(table.Schema, table.Name)] = new TableChecksum(rowSum,
                columns.Select((c, i) => (c, columnSums[i])).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal));
        }
        return sums;
    }

    /// <summary>The tables of <paramref name="from"/> whose rows differ in <paramref name="to"/>, naming the columns whose values differ.</summary>
    public static List<RowContentDifference> Compare(IReadOnlyDictionary<string, TableChecksum> from, IReadOnlyDictionary<string, TableChecksum> to)
    {
        var differences = new List<RowContentDifference>();
        foreach (var (table, before) in from.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!to.TryGetValue(table, out var after))
                continue; // a table gone is a schema difference, reported as one
            var columns = before.Columns.Where(c => after.Columns.TryGetValue(c.Key, out var now) && now != c.Value).Select(c => c.Key).ToList();
            // A column that is gone is a schema difference too: compare the rows over the columns both have.
            var sameColumns = before.Columns.Keys.All(after.Columns.ContainsKey) && after.Columns.Count == before.Columns.Count;
            if (columns.Count > 0 || (sameColumns && before.Rows != after.Rows))
                differences.Add(new RowContentDifference(table, columns));
        }
        return differences;
    }

    /// <summary>
    /// The tables of <paramref name="model"/> the migrations work on: those their up and down statements create, alter,
    /// index, drop or change rows of (an <c>UPDATE</c> in a down step changes no schema). Read before anything runs.
    /// </summary>
    public static IEnumerable<TableModel> Touched(SchemaModel model, IEnumerable<MigrationFile> files, SqlDialect dialect)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in files.SelectMany(f => f.Steps).SelectMany(s => s.Statements))
            names.UnionWith(TablesOf(statement, dialect));
        // A declared operation has no SQL of its own: the table it changes is named by the operation.
        names.UnionWith(files.SelectMany(f => f.Steps).Where(s => s.Operation is not null).Select(s => s.Operation!.Table.Name));
        return model.Tables.Where(t => names.Contains(t.Name));
    }

    /// <summary>
    /// The columns the up steps of <paramref name="files"/> set with an <c>UPDATE</c> (a backfill, a fix-up), by table
    /// name: a down step is not expected to give their old values back, so the drill reports those as a note.
    /// </summary>
    public static Dictionary<string, HashSet<string>> WrittenByUp(IEnumerable<MigrationFile> files, SqlDialect dialect)
    {
        var written = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var statement in files.SelectMany(f => f.Steps).Where(s => !s.Kind.IsDown()).SelectMany(s => s.Statements))
        {
            StatementShape shape;
            try
            {
                shape = StatementShape.Parse(statement.Text, dialect);
            }
            catch (CutoverException)
            {
                continue;
            }
            if (shape.Kind != StatementKind.Update)
                continue;
            var s = shape.Tokens;
            var at = s.Find("UPDATE") + 1;
            if (s[at] == "ONLY")
                at++;
            var table = s.ReadName(ref at);
            var set = s.Find("SET", at);
            if (set < 0)
                continue;
            var end = set + 1;
            while (end < s.Count && s[end] is not ("WHERE" or "FROM" or "RETURNING"))
                end = s[end] == "(" ? s.SkipGroup(end) : end + 1;
            if (!written.TryGetValue(table, out var columns))
                written[table] = columns = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (start, stop) in s.SplitTopLevel(set + 1, end))
            {
                // SET (a, b) = (…) names several; SET a = … one.
                var names = s[start] == "(" ? Enumerable.Range(start + 1, s.SkipGroup(start) - start - 2).Where(i => s[i] != ",") : [start];
                columns.UnionWith(names.Select(s.Folded));
            }
        }
        return written;
    }

    private static IEnumerable<string> TablesOf(SqlStatement statement, SqlDialect dialect)
    {
        StatementShape shape;
        try
        {
            shape = StatementShape.Parse(statement.Text, dialect);
        }
        catch (CutoverException)
        {
            return [];
        }
        if (shape.Table is { } table)
            return [table.Name];
        if (shape.Kind == StatementKind.Drop)
            return shape.Dropped;
        var s = shape.Tokens;
        var at = s.Find(shape.Kind switch { StatementKind.Update => "UPDATE", StatementKind.Delete => "FROM", StatementKind.Insert => "INTO", _ => "\u0000" });
        if (at < 0)
            return [];
        at++;
        if (s[at] == "ONLY")
            at++;
        return [s.NameAt(at)];
    }

    private static UInt128 Hash(string value)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128LittleEndian(digest);
    }
}

/// <summary>A table's checksums: of its rows, and of each column's values.</summary>
internal sealed record TableChecksum(UInt128 Rows, IReadOnlyDictionary<string, UInt128> Columns);
