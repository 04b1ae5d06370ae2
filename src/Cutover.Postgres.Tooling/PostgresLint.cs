using System.Text;
using Cutover.Files;
using Cutover.Checking.Lint;
using Cutover.Operations;
using Cutover.Sql;

namespace Cutover.Postgres.Tooling;

/// <summary>
/// The PostgreSQL rules: locks (measured on PostgreSQL 15 with pg_locks from a second session), transaction-block
/// limits, types to avoid. Holds no state of its own, so one instance serves any number of runs.
/// </summary>
public sealed class PostgresLint : IEngineLint
{
    private static readonly HashSet<string> VolatileFunctions =
        ["clock_timestamp", "timeofday", "random", "random_normal", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4", "nextval", "txid_current"];

    private static readonly HashSet<string> SerialTypes = ["serial", "bigserial", "smallserial", "serial2", "serial4", "serial8"];

    /// <inheritdoc/>
    public IReadOnlyList<LintRule> Rules => PostgresLintRules.All;

    /// <inheritdoc/>
    public void Check(LintStatement statement, LintState state, LintReport report)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(report);
        CheckStatement(statement, state, report);
    }

    private static void CheckStatement(LintStatement s, LintState state, LintReport report)
    {
        var transactional = s.Step.Kind.IsTransactional();
        var up = !s.Step.Kind.IsDown();
        CheckIdentifiers(s, report);
        CheckNeedsNoTransaction(s, transactional, report);
        CheckTimeouts(s, report);
        CheckEnumValues(s, state, transactional, report);

        var shape = s.Shape;
        if (shape is { Kind: StatementKind.CreateTable, Table.Name: var table })
        {
            if (up)
                CheckTypes(s, shape.Columns, shape.Constraints, report);
            if (!transactional && !s.HasSequence(0, 6, "IF", "NOT", "EXISTS"))
                report(PostgresLintRules.NotIdempotent, s.Line, $"CREATE TABLE {table} without IF NOT EXISTS in a no-transaction step");
        }
        else if (shape is { Kind: StatementKind.CreateIndex, Table.Name: var indexed })
        {
            if (!shape.Concurrently && !state.IsNew(indexed))
                report(PostgresLintRules.IndexNotConcurrent, s.Line, $"CREATE INDEX {shape.IndexName ?? ""} on existing table {indexed} without CONCURRENTLY".Replace("  ", " ", StringComparison.Ordinal));
            if (!transactional && !shape.IfNotExists)
                report(PostgresLintRules.NotIdempotent, s.Line, $"CREATE INDEX {shape.IndexName} without IF NOT EXISTS in a no-transaction step");
        }
        else if (s.StartsWith("DROP", "INDEX"))
        {
            var names = shape.Dropped;
            if (s[2] != "CONCURRENTLY" && names.Any(n => !state.CreatedIndexes.TryGetValue(n, out var t) || !state.IsNew(t)))
                report(PostgresLintRules.DropIndexNotConcurrent, s.Line, $"DROP INDEX {string.Join(", ", names)} without CONCURRENTLY");
            if (!transactional && !s.HasSequence(2, 5, "IF", "EXISTS"))
                report(PostgresLintRules.NotIdempotent, s.Line, $"DROP INDEX {string.Join(", ", names)} without IF EXISTS in a no-transaction step");
        }
        else if (s[0] == "REINDEX" && !s.Has("CONCURRENTLY") && !s.Has("SCHEMA") && !s.Has("DATABASE") && !s.Has("SYSTEM"))
            report(PostgresLintRules.ReindexNotConcurrent, s.Line, $"{s.TextOf(0, s.Count)} without CONCURRENTLY");
        else if (shape.Kind == StatementKind.AlterTable)
            CheckAlterTable(s, shape, state, transactional, up, report);
        else if (s.StartsWith("TRUNCATE") && up)
            report(PostgresLintRules.Truncate, s.Line, $"{s.TextOf(0, s.Count)}{(s.Has("CASCADE") ? " (CASCADE empties every referencing table too)" : "")}");
        else if (s.StartsWith("VACUUM") && s.Has("FULL") || s.StartsWith("CLUSTER") && s.Count > 1 && s[1] != "VERBOSE")
            report(PostgresLintRules.TableRewrite, s.Line, s.TextOf(0, s.Count));
        else if (s.StartsWith("CREATE", "DOMAIN") && (s.Has("CHECK") || s.Has("NOT")))
            report(PostgresLintRules.DomainConstraint, s.Line, $"domain {s.NameAt(2)} with a constraint");
        else if (s.StartsWith("ALTER", "DOMAIN") && (s.Has("ADD") || s.HasSequence(3, s.Count, "SET", "NOT", "NULL")))
            report(PostgresLintRules.DomainConstraint, s.Line, $"constraint added to domain {s.NameAt(2)}");
    }

    private static void CheckAlterTable(LintStatement s, StatementShape alter, LintState state, bool transactional, bool up, LintReport report)
    {
        var table = alter.Table!.Name;
        var isNew = state.IsNew(table);
        foreach (var (start, end, added, constraint) in alter.Actions)
        {
            var line = s.LineAt(start);
            var action = s.TextOf(start, end);
            if (added is not null)
            {
                var column = added;
                if (up)
                    CheckTypes(s, [column], [], report);
                if (!transactional && !s.HasSequence(start, end, "IF", "NOT", "EXISTS"))
                    report(PostgresLintRules.NotIdempotent, line, $"ADD COLUMN {column.FoldedName} without IF NOT EXISTS in a no-transaction step");
                if (isNew)
                    continue;
                if ((column.ExplicitNotNull || column.PrimaryKey) && column.Default is null && !column.IsGenerated && !column.Identity)
                    report(PostgresLintRules.AddColumnNotNull, line, $"{table}: {action}");
                if (column.DefaultFunction is { } f && VolatileFunctions.Contains(f) || column.GeneratedStored || SerialTypes.Contains(column.Type))
                    report(PostgresLintRules.AddColumnRewrite, line, $"{table}: {action}");
                if (column.PrimaryKey || column.Unique)
                    report(PostgresLintRules.UniqueWithoutIndex, line, $"{table}: {action}");
            }
            else if (constraint is not null)
                CheckAddConstraint(s, table, constraint, state, isNew, report);
            else if (s.Is(start, "VALIDATE", "CONSTRAINT"))
            {
                var name = s.NameAt(start + 2);
                if (transactional && state.NotValidInStep.Contains(name))
                    report(PostgresLintRules.ValidateSameTransaction, line, $"VALIDATE CONSTRAINT {name} in the step that added it NOT VALID");
                if (state.NotNullChecks.TryGetValue(name, out var column))
                    state.ProvenNotNull.Add(column);
            }
            else if (s[start] == "ALTER")
                CheckAlterColumn(s, alter.Table!, start, end, state, isNew, up, report);
            else if (s[start] == "DROP" && s[start + 1] is not ("CONSTRAINT" or "DEFAULT" or "NOT" or "IDENTITY" or "EXPRESSION"))
            {
                var column = s.NameAt(s.SkipColumnWords(start + 1));
                if (up && !isNew)
                    report(LintRules.DropColumn, line, OperationSuggestion.With($"{table}: DROP COLUMN {column}", new DropColumn(0, alter.Table!, column)));
                if (!up)
                    state.DownDropped.Add(LintState.Column(table, column));
                if (!transactional && !s.HasSequence(start, end, "IF", "EXISTS"))
                    report(PostgresLintRules.NotIdempotent, line, $"DROP COLUMN {column} without IF EXISTS in a no-transaction step");
            }
            else if (s[start] == "RENAME" && s[start + 1] == "TO")
            {
                if (!isNew)
                    report(LintRules.RenameTable, line, $"ALTER TABLE {table} RENAME TO {s.NameAt(start + 2)}");
                else
                    state.CreatedTables.Add(s.NameAt(start + 2));
            }
            else if (s[start] == "RENAME" && s[start + 1] != "CONSTRAINT" && !isNew)
                report(LintRules.RenameColumn, line, up ? OperationSuggestion.WithRename($"{table}: {action}", s, alter.Table!, start) : $"{table}: {action}");
            else if (s.Is(start, "SET", "TABLESPACE") && !isNew)
                report(PostgresLintRules.TableRewrite, line, $"{table}: {action}");
            else if (s.Is(start, "DETACH", "PARTITION") && !s.Has("CONCURRENTLY", start, end) && !s.Has("FINALIZE", start, end) && !isNew)
                report(PostgresLintRules.DetachNotConcurrent, line, $"{table}: {action}");
        }
    }

    private static void CheckAddConstraint(LintStatement s, string table, ConstraintShape constraint, LintState state, bool isNew, LintReport report)
    {
        var line = s.LineAt(constraint.Start);
        var name = constraint.FoldedName;
        var (i, end) = (constraint.BodyStart, constraint.End);
        var notValid = constraint.NotValid;
        var text = constraint.Text;
        if (notValid && name is not null)
            state.NotValidInStep.Add(name);
        switch (s[i])
        {
            case "CHECK":
                // CHECK (col IS NOT NULL): once validated, SET NOT NULL on col needs no scan.
                if (name is not null && s[i + 1] == "(" && s.Is(i + 3, "IS", "NOT", "NULL") && s[i + 6] == ")")
                {
                    var column = LintState.Column(table, s.NameAt(i + 2));
                    state.NotNullChecks[name] = column;
                    if (!notValid)
                        state.ProvenNotNull.Add(column);
                }
                if (!notValid && !isNew)
                    report(PostgresLintRules.CheckNotValid, line, $"{table}: ADD {text}");
                break;
            case "FOREIGN":
                if (!notValid && !isNew)
                    report(PostgresLintRules.ForeignKeyNotValid, line, $"{table}: ADD {text}");
                break;
            case "UNIQUE" or "PRIMARY":
                var usingIndex = s.HasSequence(i, end, "USING", "INDEX");
                if (!usingIndex && !isNew)
                    report(PostgresLintRules.UniqueWithoutIndex, line, $"{table}: ADD {text}");
                if (usingIndex && s[i] == "PRIMARY" && !isNew)
                {
                    var index = s.NameAt(s.Find("INDEX", i, end) + 1);
                    var columns = state.Indexes.TryGetValue(index, out var known) ? known.Keys : null;
                    if (columns is null || columns.Any(c => !state.ProvenNotNull.Contains(LintState.Column(table, c))))
                        report(PostgresLintRules.PrimaryKeyNullable, line, $"{table}: ADD {text}: {(columns is null ? $"the columns of {index} are not known" : "not every column of the index is known to be NOT NULL")}");
                }
                break;
            case "EXCLUDE":
                if (!isNew)
                    report(PostgresLintRules.Exclusion, line, $"{table}: ADD {text}");
                break;
        }
    }

    private static void CheckAlterColumn(LintStatement s, TableName tableName, int start, int end, LintState state, bool isNew, bool up, LintReport report)
    {
        var table = tableName.Name;
        var i = start + 1;
        if (s[i] == "COLUMN")
            i++;
        var column = s.ReadName(ref i);
        var line = s.LineAt(start);
        if (s[i] == "TYPE" || s.Is(i, "SET", "DATA", "TYPE"))
        {
            var typeStart = s[i] == "TYPE" ? i + 1 : i + 3;
            var usingAt = s.Find("USING", typeStart, end);
            var typeEnd = usingAt >= 0 ? usingAt : s.Find("COLLATE", typeStart, end) is var c && c >= 0 ? c : end;
            var type = s.TextOf(typeStart, typeEnd).ToLowerInvariant();
            if (up)
                CheckType(column, line, type, report);
            var free = usingAt < 0 && (type is "text" or "varchar" or "character varying"
                || type.StartsWith("varchar(", StringComparison.Ordinal) || type.StartsWith("character varying(", StringComparison.Ordinal));
            if (!free && !isNew)
            {
                var message = $"{table}.{column}: {s.TextOf(start, end)}";
                var upExpression = usingAt >= 0 ? s.SourceOf(usingAt + 1, end) : $"{column}::{type}";
                report(PostgresLintRules.AlterTypeRewrite, line,
                    up ? OperationSuggestion.With(message, new AlterColumn(0, tableName, column, type, upExpression, $"<{column} as its old type>")) : message);
            }
        }
        else if (s.Is(i, "SET", "NOT", "NULL"))
        {
            var key = LintState.Column(table, column);
            if (!isNew && !state.ProvenNotNull.Contains(key))
            {
                var message = $"{table}.{column}: SET NOT NULL with no validated CHECK ({column} IS NOT NULL) before it";
                report(PostgresLintRules.SetNotNull, line, up ? OperationSuggestion.With(message, new SetNotNull(0, tableName, column, null)) : message);
            }
            state.ProvenNotNull.Add(key);
        }
    }

    private static void CheckTypes(LintStatement s, IReadOnlyList<ColumnShape> columns, IReadOnlyList<ConstraintShape> constraints, LintReport report)
    {
        // Key columns named by a table-level PRIMARY KEY (…) or FOREIGN KEY (…).
        var keyColumns = new HashSet<string>(StringComparer.Ordinal);
        foreach (var constraint in constraints)
        {
            var key = s.Find("KEY", constraint.Start, constraint.End);
            if (key < 0 || s[key + 1] != "(")
                continue;
            for (var k = key + 2; k < s.SkipGroup(key + 1) - 1; k++)
            {
                if (s[k] != ",")
                    keyColumns.Add(s.NameAt(k));
            }
        }
        foreach (var column in columns)
        {
            CheckType(column.FoldedName, column.Line, column.Type, report);
            if (IsSmallInteger(column.Type) && (column.PrimaryKey || column.Reference is not null || keyColumns.Contains(column.FoldedName)))
                report(PostgresLintRules.PreferBigintKeys, column.Line, $"key column {column.FoldedName} is {column.Type}");
        }
    }

    /// <summary>Whether the type is a 32-bit or smaller integer (or its serial).</summary>
    private static bool IsSmallInteger(string type) =>
        type is "int" or "integer" or "int4" or "smallint" or "int2" or "serial" or "serial4" or "smallserial" or "serial2";

    private static void CheckType(string column, int line, string type, LintReport report)
    {
        var at = $"column {column} is {type}";
        if (type is "char" or "character" || type.StartsWith("char(", StringComparison.Ordinal) || type.StartsWith("character(", StringComparison.Ordinal))
            report(PostgresLintRules.PreferText, line, at);
        else if (type is "json")
            report(PostgresLintRules.PreferJsonb, line, at);
        else if (SerialTypes.Contains(type))
            report(PostgresLintRules.PreferIdentity, line, at);
        else if (type is "timestamp" or "timestamp without time zone" || type.StartsWith("timestamp(", StringComparison.Ordinal) && !type.Contains("with time zone", StringComparison.Ordinal))
            report(PostgresLintRules.PreferTimestamptz, line, at);
        else if (type.StartsWith("varchar(", StringComparison.Ordinal) || type.StartsWith("character varying(", StringComparison.Ordinal))
            report(PostgresLintRules.PreferTextWithCheck, line, at);
    }

    private static void CheckIdentifiers(LintStatement s, LintReport report)
    {
        foreach (var token in s.Tokens.Where(t => t.Kind is SqlTokenKind.Word or SqlTokenKind.QuotedIdentifier))
        {
            var name = token.Kind == SqlTokenKind.QuotedIdentifier ? token.Text[1..^1] : token.Text;
            var bytes = Encoding.UTF8.GetByteCount(name);
            if (bytes > 63)
                report(PostgresLintRules.IdentifierTooLong, token.Line, $"{name} is {bytes} bytes; PostgreSQL keeps the first 63");
        }
    }

    private static void CheckNeedsNoTransaction(LintStatement s, bool transactional, LintReport report)
    {
        if (!transactional)
            return;
        var refused =
            s.Shape is { Kind: StatementKind.CreateIndex, Concurrently: true }
            || s.StartsWith("DROP", "INDEX", "CONCURRENTLY")
            || s.StartsWith("REINDEX") && (s.Has("CONCURRENTLY") || s.Has("SCHEMA") || s.Has("DATABASE") || s.Has("SYSTEM"))
            || s.StartsWith("VACUUM")
            || s.StartsWith("CLUSTER") && (s.Count == 1 || s.Is(1, "VERBOSE") && s.Count == 2)
            || s.StartsWith("CREATE", "DATABASE") || s.StartsWith("DROP", "DATABASE")
            || s.StartsWith("CREATE", "TABLESPACE") || s.StartsWith("DROP", "TABLESPACE")
            || s.StartsWith("ALTER", "SYSTEM")
            || s.StartsWith("ALTER", "TABLE") && s.Has("DETACH") && s.Has("CONCURRENTLY")
            || s.StartsWith("CREATE", "SUBSCRIPTION") && !NoSlot(s)
            || s.StartsWith("DISCARD", "ALL");
        if (refused)
            report(PostgresLintRules.NeedsNoTransaction, s.Line, $"{s.TextOf(0, Math.Min(s.Count, 6))} … in a transactional `{s.Step.Kind.Directive()}` step");
    }

    /// <summary>CREATE SUBSCRIPTION … WITH (create_slot = false) runs in a transaction.</summary>
    private static bool NoSlot(LintStatement s)
    {
        var slot = s.Find("CREATE_SLOT");
        return slot >= 0 && s[slot + 1] == "=" && s[slot + 2] is "FALSE" or "'false'" or "OFF" or "'off'";
    }

    private static void CheckTimeouts(LintStatement s, LintReport report)
    {
        static bool IsZero(string value) => value.Trim('\'') is "0" or "0ms" or "0s" or "0min";
        if (s[0] == "SET")
        {
            var i = s[1] is "SESSION" or "LOCAL" ? 2 : 1;
            if (s[i] is "LOCK_TIMEOUT" or "STATEMENT_TIMEOUT" && s[i + 1] is "=" or "TO" && IsZero(s.Token(Math.Min(i + 2, s.Count - 1)).Text))
                report(PostgresLintRules.TimeoutDisabled, s.Line, s.TextOf(0, s.Count));
        }
        for (var i = 0; i + 4 < s.Count; i++)
        {
            if (s[i] == "SET_CONFIG" && s[i + 1] == "(" && s[i + 2] is "'lock_timeout'" or "'statement_timeout'" && s[i + 3] == "," && IsZero(s.Token(i + 4).Text))
                report(PostgresLintRules.TimeoutDisabled, s.Line, s.TextOf(i, Math.Min(s.Count, i + 8)));
        }
    }

    private static void CheckEnumValues(LintStatement s, LintState state, bool transactional, LintReport report)
    {
        if (!transactional)
            return;
        if (s.StartsWith("ALTER", "TYPE") && s.Find("VALUE") is var v && v > 0 && s[v - 1] == "ADD")
        {
            var value = s.Is(v + 1, "IF", "NOT", "EXISTS") ? s[v + 4] : s[v + 1];
            state.EnumValuesInStep[value] = s.Line;
            return;
        }
        foreach (var token in s.Tokens.Where(t => t.Kind == SqlTokenKind.String))
        {
            if (state.EnumValuesInStep.TryGetValue(token.Text, out var added))
                report(PostgresLintRules.EnumValueSameTransaction, token.Line, $"{token.Text} is used in the transaction that added it (line {added})");
        }
    }
}
