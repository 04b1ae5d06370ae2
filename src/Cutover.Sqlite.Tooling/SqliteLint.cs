using Cutover.Files;
using Cutover.Checking.Lint;
using Cutover.Operations;
using Cutover.Sql;

namespace Cutover.Sqlite.Tooling;

/// <summary>The SQLite rules: ALTER TABLE forms the version in use refuses, and the foreign_keys pragma in a transaction.</summary>
/// <param name="version">The SQLite version the migrations will run on (some ALTER TABLE forms need 3.25, 3.35 or 3.53); null means the newest.</param>
public sealed class SqliteLint(Version? version = null) : IEngineLint
{
    private static readonly Version DropColumnSince = new(3, 35);
    private static readonly Version RenameColumnSince = new(3, 25);
    private static readonly Version ConstraintsSince = new(3, 53);

    /// <summary>The SQLite version the rules judge for; null means the newest.</summary>
    public Version? Version => version;

    /// <inheritdoc/>
    public IReadOnlyList<LintRule> Rules => SqliteLintRules.All;

    /// <inheritdoc/>
    public void Check(LintStatement statement, LintState state, LintReport report)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(report);
        var s = statement;
        bool Supports(Version since) => version is null || version >= since;
        if (s.StartsWith("PRAGMA") && s.NameAt(1) == "foreign_keys" && s.Count > 2 && s.Step.Kind.IsTransactional())
            report(SqliteLintRules.SqliteForeignKeysPragma, s.Line, $"{s.TextOf(0, s.Count)} inside a transactional `{s.Step.Kind.Directive()}` step has no effect");
        if (s.Shape is not { Kind: StatementKind.AlterTable, Table.Name: var table } alter || alter.Actions.Count == 0)
            return;

        var isNew = state.IsNew(table);
        var up = !s.Step.Kind.IsDown();
        var (start, _, added, _) = alter.Actions[0];
        var line = s.LineAt(start);
        var action = s.TextOf(start, s.Count);
        string UnsupportedMessage(string why) => $"{table}: {action}: {why}{(version is null ? "" : $" (SQLite {version})")}";
        void Unsupported(string why) => report(SqliteLintRules.SqliteAlterUnsupported, line, UnsupportedMessage(why));

        if (alter.Actions.Count > 1)
        {
            Unsupported("SQLite's ALTER TABLE takes one action per statement");
            return;
        }
        if (s.Is(start, "RENAME", "TO"))
        {
            if (!isNew)
                report(LintRules.RenameTable, line, $"ALTER TABLE {table} RENAME TO {s.NameAt(start + 2)}");
            else
                state.CreatedTables.Add(s.NameAt(start + 2));
        }
        else if (s[start] == "RENAME")
        {
            if (!Supports(RenameColumnSince))
                Unsupported("RENAME COLUMN needs SQLite 3.25");
            else if (!isNew)
                report(LintRules.RenameColumn, line, up ? OperationSuggestion.WithRename($"{table}: {action}", s, alter.Table!, start) : $"{table}: {action}");
        }
        else if (added is not null)
        {
            var column = added;
            var notNull = column.ExplicitNotNull || column.PrimaryKey;
            if (column.PrimaryKey || column.Unique)
                Unsupported("ADD COLUMN cannot add a PRIMARY KEY or UNIQUE column");
            else if (column.GeneratedStored)
                Unsupported("ADD COLUMN cannot add a STORED generated column");
            else if (column.Default is not null && !column.DefaultIsConstant)
                Unsupported("ADD COLUMN needs a constant default");
            else if (notNull && (column.Default is null || column.Default.Equals("NULL", StringComparison.OrdinalIgnoreCase)) && !column.IsGenerated && !isNew)
                Unsupported("ADD COLUMN … NOT NULL needs a non-NULL default when the table has rows");
            else if (column.Reference is not null && column.Default is { } d && !d.Equals("NULL", StringComparison.OrdinalIgnoreCase))
                Unsupported("ADD COLUMN … REFERENCES needs a NULL default while foreign keys are on");
        }
        else if (s[start] == "DROP" && s[start + 1] != "CONSTRAINT")
        {
            var column = s.NameAt(s.SkipColumnWords(start + 1));
            if (!Supports(DropColumnSince))
                Unsupported("DROP COLUMN needs SQLite 3.35");
            else if (state.IsTiedDown(table, column))
                report(SqliteLintRules.SqliteDropColumn, line, $"{table}.{column} is part of a key, unique constraint, index, check, foreign key or generated column");
            if (up && !isNew)
                report(LintRules.DropColumn, line, OperationSuggestion.With($"{table}: DROP COLUMN {column}", new DropColumn(0, alter.Table!, column)));
            if (s.Step.Kind.IsDown())
                state.DownDropped.Add(LintState.Column(table, column));
        }
        else if (s.Is(start, "DROP", "CONSTRAINT"))
        {
            if (!Supports(ConstraintsSince))
                Unsupported("DROP CONSTRAINT needs SQLite 3.53");
        }
        else if (s[start] == "ADD")
        {
            var kind = s[start + 1] == "CONSTRAINT" ? s[start + 3] : s[start + 1];
            if (kind != "CHECK")
                Unsupported($"ADD {kind} is not supported; only CHECK constraints can be added (3.53)");
            else if (!Supports(ConstraintsSince))
                Unsupported("ADD CONSTRAINT … CHECK needs SQLite 3.53");
        }
        else if (s[start] == "ALTER")
        {
            var i = start + 1;
            if (s[i] == "COLUMN")
                i++;
            var column = s.ReadName(ref i);
            var notNull = s.Is(i, "SET", "NOT", "NULL") || s.Is(i, "DROP", "NOT", "NULL");
            var typeAt = s[i] == "TYPE" ? i + 1 : s.Is(i, "SET", "DATA", "TYPE") ? i + 3 : -1;
            if (typeAt > 0 && up && !isNew)
            {
                // A new type is what alter-column does on a live table, without the rebuild.
                var usingAt = s.Find("USING", typeAt);
                var type = s.TextOf(typeAt, usingAt >= 0 ? usingAt : s.Count);
                var upExpression = usingAt >= 0 ? s.SourceOf(usingAt + 1, s.Count) : $"CAST({column} AS {type})";
                report(SqliteLintRules.SqliteAlterUnsupported, line, OperationSuggestion.With(
                    UnsupportedMessage("ALTER COLUMN can only SET or DROP NOT NULL (3.53); changing a type or default needs the rebuild"),
                    new AlterColumn(0, alter.Table!, column, type, upExpression, $"<{column} as its old type>")));
            }
            else if (!notNull)
                Unsupported("ALTER COLUMN can only SET or DROP NOT NULL (3.53); changing a type or default needs the rebuild");
            else if (!Supports(ConstraintsSince))
                Unsupported("ALTER COLUMN … NOT NULL needs SQLite 3.53");
        }
        else
            Unsupported("not an ALTER TABLE form SQLite knows");
    }
}
