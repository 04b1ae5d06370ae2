using Cutover.Checking;
using Cutover.Checking.Lint;

namespace Cutover.Sqlite.Tooling;

/// <summary>The lint rules that only apply on SQLite, in documentation order (docs/lint.md).</summary>
public static class SqliteLintRules
{
    /// <summary>ALTER TABLE forms SQLite does not support.</summary>
    public static readonly LintRule SqliteAlterUnsupported = new("sqlite-alter-unsupported", Severity.Error,
        "SQLite's ALTER TABLE supports only some forms (ADD COLUMN with limits, RENAME, DROP COLUMN; 3.53 adds CHECK constraints, DROP CONSTRAINT and SET/DROP NOT NULL): this one fails with a syntax or 'Cannot add' error",
        "rebuild the table: CREATE TABLE new_t with the new shape, INSERT INTO new_t SELECT …, DROP TABLE t, ALTER TABLE new_t RENAME TO t, recreate indexes, triggers and views, in one up step (SQLite's ALTER TABLE documentation lists these steps under 'Making Other Kinds Of Table Schema Changes'; Cutover turns foreign keys off around the step and checks them before commit)");

    /// <summary>DROP COLUMN that SQLite refuses.</summary>
    public static readonly LintRule SqliteDropColumn = new("sqlite-drop-column", Severity.Error,
        "SQLite refuses DROP COLUMN for a column that is part of the primary key, UNIQUE, an index, a CHECK or foreign key, a generated column, a view or a trigger (and before 3.35 for every column)",
        "drop the index or constraint first, or rebuild the table without the column");

    /// <summary>PRAGMA foreign_keys inside a transaction.</summary>
    public static readonly LintRule SqliteForeignKeysPragma = new("sqlite-foreign-keys-pragma", Severity.Error,
        "PRAGMA foreign_keys is silently ignored inside a transaction, and every `-- cutover:up` step is one: foreign keys stay on and a table rebuild cascades deletes into child tables",
        "leave it out: Cutover turns foreign keys off around each SQLite step and runs PRAGMA foreign_key_check before commit");

    /// <summary>Every Sqlite rule, in documentation order.</summary>
    public static IReadOnlyList<LintRule> All { get; } =
    [
        SqliteAlterUnsupported, SqliteDropColumn, SqliteForeignKeysPragma,
    ];
}
