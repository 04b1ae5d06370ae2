using System.Security.Cryptography;
using System.Text;
using Cutover.Schema;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// Reads PostgreSQL's catalogs into the schema model: ten queries, each covering every table at once,
/// sent as one batch (one round trip, whatever the number of tables). Cutover's own tables and objects
/// that belong to extensions are left out, and so are the keys, foreign keys, indexes and triggers a
/// partition inherits from its parent: attaching the partition recreates them.
/// </summary>
internal static class PostgresSchemaReader
{
    private const string InSchemas = "n.nspname = ANY(@schemas)";
    private const string NotExtension = "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.objid = {0} AND e.deptype = 'e')";
    private const string Relation = "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace";
    // The non-key (INCLUDE) columns of the index {0}: its attributes after the key attributes.
    private const string IncludedColumns = """
        ARRAY(SELECT a.attname::text FROM generate_series({0}.indnkeyatts + 1, {0}.indnatts) k
              JOIN pg_attribute a ON a.attrelid = {0}.indrelid AND a.attnum = {0}.indkey[k - 1] ORDER BY k)
        """;
    // indnullsnotdistinct exists from PostgreSQL 15 on; read through jsonb, older servers say false.
    private const string NullsNotDistinct = "coalesce((to_jsonb({0}) ->> 'indnullsnotdistinct')::boolean, false)";
    private static readonly string UserTable = $"c.relkind IN ('r', 'p') AND {InSchemas} AND c.relname NOT LIKE 'cutover\\_%' AND {string.Format(null, NotExtension, "c.oid")}";

    private static readonly string[] Queries =
    [
        $"""
        SELECT c.oid, n.nspname, c.relname, obj_description(c.oid, 'pg_class'),
               CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END,
               pn.nspname, pc.relname, CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END
        {Relation}
        LEFT JOIN pg_inherits ih ON c.relispartition AND ih.inhrelid = c.oid
        LEFT JOIN pg_class pc ON pc.oid = ih.inhparent LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE {UserTable}
        """,
        $"""
        SELECT a.attrelid, a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull,
               CASE WHEN a.attidentity = '' AND a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END,
               CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END,
               CASE WHEN a.attgenerated = 's' THEN pg_get_expr(d.adbin, d.adrelid) END,
               CASE WHEN a.attcollation <> t.typcollation THEN co.collname END,
               col_description(a.attrelid, a.attnum)
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE {UserTable} AND a.attnum > 0 AND NOT a.attisdropped
        ORDER BY a.attrelid, a.attnum
        """,
        $"""
        SELECT con.conrelid, con.conname, con.contype::text,
               ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num ORDER BY k.ord),
               fn.nspname, fc.relname,
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord) JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num ORDER BY k.ord),
               con.confdeltype::text, con.confupdtype::text, pg_get_constraintdef(con.oid, true),
               CASE WHEN con.condeferred THEN 'DEFERRABLE INITIALLY DEFERRED' WHEN con.condeferrable THEN 'DEFERRABLE' END,
               {IncludedColumns.Replace("{0}", "ix", StringComparison.Ordinal)}, {NullsNotDistinct.Replace("{0}", "ix", StringComparison.Ordinal)}
        FROM pg_constraint con
        LEFT JOIN pg_index ix ON ix.indexrelid = con.conindid AND con.contype IN ('p', 'u') JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
        WHERE {UserTable} AND con.contype IN ('p', 'u', 'f', 'c', 'x') AND con.conparentid = 0
        ORDER BY con.conrelid, con.conname
        """,
        $"""
        SELECT i.indrelid, ic.relname, i.indisunique, am.amname, pg_get_expr(i.indpred, i.indrelid),
               ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true)
                            || CASE WHEN i.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                            || CASE WHEN (i.indoption[k - 1] & 2 = 2) <> (i.indoption[k - 1] & 1 = 1)
                                    THEN CASE WHEN i.indoption[k - 1] & 2 = 2 THEN ' NULLS FIRST' ELSE ' NULLS LAST' END ELSE '' END
                     FROM generate_series(1, i.indnkeyatts) k ORDER BY k),
               {IncludedColumns.Replace("{0}", "i", StringComparison.Ordinal)}, {NullsNotDistinct.Replace("{0}", "i", StringComparison.Ordinal)}
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = ic.relam
        WHERE {UserTable} AND NOT ic.relispartition AND ic.relname NOT LIKE 'cutover\_%'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x'))
        """,
        $"SELECT n.nspname, c.relname, pg_get_viewdef(c.oid, true), c.relkind = 'm' {Relation} WHERE c.relkind IN ('v', 'm') AND {InSchemas} AND {string.Format(null, NotExtension, "c.oid")}",
        $"""
        SELECT n.nspname, c.relname, format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement,
               (SELECT quote_ident(dc.relname) || '.' || quote_ident(a.attname) FROM pg_depend d JOIN pg_class dc ON dc.oid = d.refobjid
                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                WHERE d.objid = c.oid AND d.deptype = 'a' AND d.classid = 'pg_class'::regclass LIMIT 1)
        FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE {InSchemas} AND c.relname NOT LIKE 'cutover\_%' AND {string.Format(null, NotExtension, "c.oid")}
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'i')
        """,
        $"""
        SELECT n.nspname, t.typname, ARRAY(SELECT e.enumlabel::text FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'e' AND {InSchemas} AND {string.Format(null, NotExtension, "t.oid")}
        """,
        $"""
        SELECT n.nspname, t.typname, format_type(t.typbasetype, t.typtypmod), t.typnotnull, t.typdefault,
               ARRAY(SELECT con.conname::text FROM pg_constraint con WHERE con.contypid = t.oid ORDER BY con.conname),
               ARRAY(SELECT pg_get_constraintdef(con.oid, true) FROM pg_constraint con WHERE con.contypid = t.oid ORDER BY con.conname)
        FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.typtype = 'd' AND {InSchemas} AND {string.Format(null, NotExtension, "t.oid")}
        """,
        $"""
        SELECT n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
               CASE WHEN p.prokind = 'p' THEN '' ELSE pg_get_function_result(p.oid) END, l.lanname, p.prosrc
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
        WHERE p.prokind IN ('f', 'p') AND {InSchemas} AND p.proname NOT LIKE 'cutover\_%' AND {string.Format(null, NotExtension, "p.oid")}
        """,
        $"""
        SELECT n.nspname, c.relname, t.tgname, pg_get_triggerdef(t.oid, true)
        FROM pg_trigger t {Relation.Replace("FROM pg_class c", "JOIN pg_class c ON c.oid = t.tgrelid", StringComparison.Ordinal)}
        WHERE NOT t.tgisinternal AND coalesce((to_jsonb(t) ->> 'tgparentid')::oid, 0) = 0 AND {InSchemas} AND c.relname NOT LIKE 'cutover\_%' AND t.tgname NOT LIKE 'cutover\_%'
        """,
    ];

    /// <summary>How many catalog queries one read sends (all in one batch).</summary>
    public static int QueryCount => Queries.Length;

    public static async Task<SchemaModel> ReadAsync(NpgsqlConnection connection, IReadOnlyList<string> schemas, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        // Catalog functions (format_type, pg_get_expr, pg_get_indexdef …) qualify every name that is not
        // visible on the search_path, so the text would depend on the session's setting. For the length of
        // the batch (one implicit transaction, hence is_local) the path is exactly the schemas being read.
        var searchPath = new NpgsqlBatchCommand("SELECT set_config('search_path', array_to_string(ARRAY(SELECT quote_ident(s) FROM unnest(@schemas::text[]) s), ', '), true)");
        searchPath.Parameters.AddWithValue("schemas", schemas.ToArray());
        batch.BatchCommands.Add(searchPath);
        foreach (var sql in Queries)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.AddWithValue("schemas", schemas.ToArray());
            batch.BatchCommands.Add(command);
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var results = new List<List<object?[]>>();
        do
        {
            results.Add(await CatalogRows.ReadAllAsync(reader, cancellationToken).ConfigureAwait(false));
        }
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false));
        return Build(results);
    }

    private static SchemaModel Build(List<List<object?[]>> r)
    {
        var columns = r[1].ToLookup(row => (uint)row[0]!);
        var constraints = r[2].ToLookup(row => (uint)row[0]!);
        var indexes = r[3].ToLookup(row => (uint)row[0]!);
        var tables = r[0].Select(t =>
        {
            var oid = (uint)t[0]!;
            var cons = constraints[oid].ToList();
            var pk = cons.FirstOrDefault(c => (string)c[2]! == "p");
            return new TableModel((string)t[1]!, (string)t[2]!,
                columns[oid].Select(c => new ColumnModel((string)c[1]!, (string)c[2]!, (bool)c[3]!, c[4] as string, c[5] as string, c[6] as string, c[7] as string, c[8] as string)).ToList(),
                pk is null ? null : Key(pk),
                cons.Where(c => (string)c[2]! == "f").Select(c => new ForeignKeyModel((string)c[1]!, (string[])c[3]!, (string)c[4]!, (string)c[5]!, (string[])c[6]!,
                    Action((string)c[7]!), Action((string)c[8]!), c[10] as string)).ToList(),
                cons.Where(c => (string)c[2]! == "u").Select(Key).ToList(),
                // Exclusion constraints have no field of their own in the model: they are kept as checks whose
                // expression is the EXCLUDE definition, so they still show in the text, the fingerprint and diffs.
                cons.Where(c => (string)c[2]! is "c" or "x").Select(c => new CheckModel((string)c[1]!, CheckExpression((string)c[9]!))).ToList(),
                indexes[oid].Select(i => new IndexModel((string)i[1]!, (bool)i[2]!, (string[])i[5]!, i[4] as string, (string)i[3]! == "btree" ? null : (string)i[3]!,
                        NonEmpty((string[])i[6]!), (bool)i[7]!))
                    .OrderBy(i => i.Name, StringComparer.Ordinal).ToList(),
                t[3] as string,
                t[4] as string,
                t[7] is string bound ? new PartitionModel((string)t[5]!, (string)t[6]!, bound) : null);
        }).OrderBy(t => t.Schema, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();

        return new SchemaModel(
            tables,
            r[4].Select(v => new ViewModel((string)v[0]!, (string)v[1]!, (string)v[2]!, (bool)v[3]!)).ToList(),
            r[5].Select(s => new SequenceModel((string)s[0]!, (string)s[1]!, (string)s[2]!, (long)s[3]!, (long)s[4]!, s[5] as string)).ToList(),
            r[6].Select(e => new EnumModel((string)e[0]!, (string)e[1]!, (string[])e[2]!)).ToList(),
            r[7].Select(d => new DomainModel((string)d[0]!, (string)d[1]!, (string)d[2]!, (bool)d[3]!, d[4] as string,
                ((string[])d[5]!).Zip((string[])d[6]!, (name, def) => new CheckModel(name, CheckExpression(def))).ToList())).ToList(),
            r[8].Select(f => new FunctionModel((string)f[0]!, (string)f[1]!, (string)f[2]!, (string)f[3]!,
                Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes((string)f[4]!)))[..16])).ToList(),
            r[9].Select(t => new TriggerModel((string)t[0]!, (string)t[1]!, (string)t[2]!, (string)t[3]!)).ToList());
    }

    private static KeyModel Key(object?[] c) =>
        new((string)c[1]!, (string[])c[3]!, NonEmpty((string[])c[11]!), c[10] as string, (bool)c[12]!);

    private static string[]? NonEmpty(string[] columns) => columns.Length == 0 ? null : columns;

    private static string Action(string code) => code switch
    {
        "r" => "restrict",
        "c" => "cascade",
        "n" => "set null",
        "d" => "set default",
        _ => "no action",
    };

    /// <summary>"CHECK ((x > 0)) NOT VALID" → "(x > 0)": validity is state, not shape.</summary>
    private static string CheckExpression(string definition)
    {
        var text = definition.EndsWith(" NOT VALID", StringComparison.Ordinal) ? definition[..^10] : definition;
        return text.StartsWith("CHECK ", StringComparison.Ordinal) ? text[6..] : text;
    }
}
