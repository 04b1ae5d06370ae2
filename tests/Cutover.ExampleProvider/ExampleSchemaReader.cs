using System.Data.Common;
using System.Globalization;
using Cutover.Schema;
using Cutover.Sql;

namespace Cutover.ExampleProvider;

/// <summary>
/// Reads a SQLite database into the engine's <see cref="SchemaModel"/> with five catalog queries, however many tables
/// there are (the contract asks for a fixed number). What the pragmas report (columns, keys, foreign keys, indexes) comes
/// from them; what they do not (check constraints, generated-column expressions, collations, index expressions and
/// predicates) is read from the CREATE text with the engine's public <see cref="SqlLexer"/>, so quotes and comments
/// cannot mislead it. Expressions are kept as their significant tokens joined by single spaces: formatting never shows
/// as a schema change.
/// </summary>
internal static class ExampleSchemaReader
{
    // Cutover's own tables (and this provider's lock table) all start with cutover_: never part of the model.
    private const string Ours = "m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.tbl_name NOT LIKE 'cutover\\_%' ESCAPE '\\'";

    public static async Task<SchemaModel> ReadAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var objects = await RowsAsync(connection, $"SELECT m.type, m.name, m.tbl_name, m.sql FROM sqlite_schema m WHERE m.sql IS NOT NULL AND {Ours}", cancellationToken).ConfigureAwait(false);
        var columns = await RowsAsync(connection,
            $"SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden FROM sqlite_schema m, pragma_table_xinfo(m.name) p WHERE m.type = 'table' AND {Ours} ORDER BY m.name, p.cid",
            cancellationToken).ConfigureAwait(false);
        var foreignKeys = await RowsAsync(connection,
            $"SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_delete, f.on_update FROM sqlite_schema m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND {Ours} ORDER BY m.name, f.id, f.seq",
            cancellationToken).ConfigureAwait(false);
        var indexes = await RowsAsync(connection,
            $"SELECT m.name, i.name, i.\"unique\", i.origin FROM sqlite_schema m, pragma_index_list(m.name) i WHERE m.type = 'table' AND {Ours}",
            cancellationToken).ConfigureAwait(false);
        var indexColumns = await RowsAsync(connection,
            $"SELECT i.name, c.name FROM sqlite_schema m, pragma_index_list(m.name) i, pragma_index_info(i.name) c WHERE m.type = 'table' AND {Ours} ORDER BY i.name, c.seqno",
            cancellationToken).ConfigureAwait(false);

        var sqlOf = objects.ToDictionary(o => (Str(o[0]), Str(o[1])), o => Str(o[3]));
        var keyColumns = indexColumns.ToLookup(c => Str(c[0]), c => Str(c[1]));
        var tables = new List<TableModel>();
        foreach (var table in objects.Where(o => Str(o[0]) == "table").Select(o => Str(o[1])))
        {
            var definition = Definition.Of(sqlOf[("table", table)]);
            var cols = columns.Where(c => Str(c[0]) == table).ToList();
            var primaryKey = cols.Where(c => Int(c[5]) > 0).OrderBy(c => Int(c[5])).Select(c => Str(c[1])).ToList();
            // An INTEGER PRIMARY KEY is the rowid: never NULL, though the pragma does not say NOT NULL.
            var rowid = primaryKey.Count == 1 && cols.Any(c => Str(c[1]) == primaryKey[0] && Normalise(Str(c[2])) == "integer") ? primaryKey[0] : null;
            var model = cols.Select(c =>
            {
                var name = Str(c[1]);
                definition.Columns.TryGetValue(name, out var extra);
                // hidden: 2 = generated VIRTUAL, 3 = generated STORED.
                var generated = Int(c[6]) is 2 or 3 && extra.Generated is { } expression ? expression + (Int(c[6]) == 2 ? " VIRTUAL" : "") : null;
                return new ColumnModel(name, Normalise(Str(c[2])), Int(c[3]) == 0 && name != rowid, c[4] as string, null, generated, extra.Collation, null);
            }).ToList();

            var ofTable = indexes.Where(i => Str(i[0]) == table).ToList();
            var uniques = ofTable.Where(i => Str(i[3]) == "u").Select(i => new KeyModel(null, keyColumns[Str(i[1])].ToList())).ToList();
            var plain = ofTable.Where(i => Str(i[3]) == "c").Select(i =>
            {
                var (keys, predicate) = Definition.Index(sqlOf[("index", Str(i[1]))]);
                return new IndexModel(Str(i[1]), Int(i[2]) == 1, keys, predicate, null);
            }).ToList();
            var references = foreignKeys.Where(f => Str(f[0]) == table).GroupBy(f => Int(f[1])).Select(g =>
            {
                var parent = Str(g.First()[2]);
                // REFERENCES parent without columns means the parent's primary key.
                var to = g.Any(f => f[4] is null)
                    ? columns.Where(c => Str(c[0]) == parent && Int(c[5]) > 0).OrderBy(c => Int(c[5])).Select(c => Str(c[1])).ToList()
                    : g.Select(f => Str(f[4])).ToList();
                return new ForeignKeyModel(null, g.Select(f => Str(f[3])).ToList(), "", parent, to,
                    Str(g.First()[5]).ToLowerInvariant(), Str(g.First()[6]).ToLowerInvariant());
            }).ToList();
            tables.Add(new TableModel("", table, model, primaryKey.Count == 0 ? null : new KeyModel(null, primaryKey),
                references, uniques, definition.Checks, plain, null));
        }

        var views = objects.Where(o => Str(o[0]) == "view").Select(o => new ViewModel("", Str(o[1]), Definition.AfterFirstAs(Str(o[3])), false)).ToList();
        var triggers = objects.Where(o => Str(o[0]) == "trigger").Select(o => new TriggerModel("", Str(o[2]), Str(o[1]), Definition.Text(Definition.Tokens(Str(o[3]))))).ToList();
        return new SchemaModel(tables, views, [], [], [], [], triggers);
    }

    private static async Task<List<object?[]>> RowsAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await CatalogRows.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false);
    }

    private static string Str(object? value) => (string)value!;

    private static long Int(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>SQLite keeps a declared type as written; compared lower-case, single-spaced.</summary>
    private static string Normalise(string type) => Definition.Text(Definition.Tokens(type)).ToLowerInvariant().Replace(" ( ", "(", StringComparison.Ordinal)
        .Replace(" )", ")", StringComparison.Ordinal).Replace(" , ", ",", StringComparison.Ordinal);

    /// <summary>What a CREATE statement says that the pragmas do not.</summary>
    private sealed record Definition(Dictionary<string, (string? Collation, string? Generated)> Columns, List<CheckModel> Checks)
    {
        public static List<SqlToken> Tokens(string sql) => SqlLexer.Tokenize(sql, SqlDialect.Sqlite).Where(t => t.IsSignificant).ToList();

        public static string Text(IEnumerable<SqlToken> tokens) => string.Join(' ', tokens.Select(t => t.Text));

        public static string Unquote(SqlToken token) =>
            token.Kind is SqlTokenKind.QuotedIdentifier or SqlTokenKind.String ? token.Text[1..^1] : token.Text;

        /// <summary>The parts of a CREATE TABLE: column and constraint definitions, split at top-level commas.</summary>
        public static Definition Of(string createTable)
        {
            var tokens = Tokens(createTable);
            var columns = new Dictionary<string, (string?, string?)>(StringComparer.Ordinal);
            var checks = new List<CheckModel>();
            var open = tokens.FindIndex(t => t.IsPunct('('));
            foreach (var part in open < 0 ? [] : Split(tokens, open, out _))
            {
                if (part.Count == 0)
                    continue;
                var constraint = part[0].IsWord("CONSTRAINT") || part[0].IsWord("PRIMARY") || part[0].IsWord("UNIQUE") || part[0].IsWord("CHECK") || part[0].IsWord("FOREIGN");
                string? name = null, collation = null, generated = null;
                for (var i = constraint ? 0 : 1; i < part.Count; i++)
                {
                    if (part[i].IsWord("CONSTRAINT") && i + 1 < part.Count)
                        name = Unquote(part[++i]);
                    else if (part[i].IsWord("COLLATE") && i + 1 < part.Count)
                        collation = Unquote(part[++i]);
                    else if ((part[i].IsWord("CHECK") || part[i].IsWord("AS")) && i + 1 < part.Count && part[i + 1].IsPunct('('))
                    {
                        var isCheck = part[i].IsWord("CHECK");
                        var expression = Text(Inside(part, i + 1, out i));
                        if (isCheck)
                            checks.Add(new CheckModel(name, expression));
                        else
                            generated = expression;
                        name = null;
                    }
                }
                if (!constraint)
                    columns[Unquote(part[0])] = (collation, generated);
            }
            return new Definition(columns, checks);
        }

        /// <summary>A CREATE INDEX's keys (columns or expressions) and its WHERE predicate.</summary>
        public static (List<string> Keys, string? Predicate) Index(string createIndex)
        {
            var tokens = Tokens(createIndex);
            var open = tokens.FindIndex(tokens.FindIndex(t => t.IsWord("ON")), t => t.IsPunct('('));
            var keys = Split(tokens, open, out var close).Select(k => k.Count == 1 ? Unquote(k[0]) : Text(k)).ToList();
            var where = tokens.FindIndex(close, t => t.IsWord("WHERE"));
            return (keys, where < 0 ? null : Text(tokens.Skip(where + 1)));
        }

        public static string AfterFirstAs(string createView)
        {
            var tokens = Tokens(createView);
            return Text(tokens.Skip(tokens.FindIndex(t => t.IsWord("AS")) + 1));
        }

        /// <summary>The tokens inside the parenthesised group opening at <paramref name="open"/>; <paramref name="close"/> is its ')'.</summary>
        private static List<SqlToken> Inside(List<SqlToken> tokens, int open, out int close)
        {
            var depth = 0;
            for (close = open; close < tokens.Count; close++)
            {
                depth += tokens[close].IsPunct('(') ? 1 : tokens[close].IsPunct(')') ? -1 : 0;
                if (depth == 0)
                    break;
            }
            return tokens.GetRange(open + 1, Math.Max(0, close - open - 1));
        }

        /// <summary>The comma-separated items of the parenthesised group opening at <paramref name="open"/>; <paramref name="close"/> is its ')'.</summary>
        private static List<List<SqlToken>> Split(List<SqlToken> tokens, int open, out int close)
        {
            var parts = new List<List<SqlToken>> { new() };
            var depth = 0;
            for (close = open + 1; close < tokens.Count; close++)
            {
                var t = tokens[close];
                if (t.IsPunct(')') && depth == 0)
                    break;
                if (t.IsPunct(',') && depth == 0)
                {
                    parts.Add([]);
                    continue;
                }
                depth += t.IsPunct('(') ? 1 : t.IsPunct(')') ? -1 : 0;
                parts[^1].Add(t);
            }
            return parts;
        }
    }
}
