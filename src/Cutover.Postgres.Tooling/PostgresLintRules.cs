using Cutover.Checking;
using Cutover.Checking.Lint;

namespace Cutover.Postgres.Tooling;

/// <summary>The lint rules that only apply on PostgreSQL, in documentation order (docs/lint.md).</summary>
public static class PostgresLintRules
{
    private const string NoTransactionStep = "in an `-- cutover:up no-transaction` step";

    /// <summary>CREATE INDEX without CONCURRENTLY on an existing table.</summary>
    public static readonly LintRule IndexNotConcurrent = new("pg-index-not-concurrent", Severity.Error,
        "CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE waits until the index is built",
        $"CREATE INDEX CONCURRENTLY IF NOT EXISTS … {NoTransactionStep} (SHARE UPDATE EXCLUSIVE: reads and writes go on)");

    /// <summary>DROP INDEX without CONCURRENTLY.</summary>
    public static readonly LintRule DropIndexNotConcurrent = new("pg-drop-index-not-concurrent", Severity.Error,
        "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: reads and writes wait, and so does everything queued behind it",
        $"DROP INDEX CONCURRENTLY IF EXISTS … {NoTransactionStep} (SHARE UPDATE EXCLUSIVE)");

    /// <summary>REINDEX without CONCURRENTLY.</summary>
    public static readonly LintRule ReindexNotConcurrent = new("pg-reindex-not-concurrent", Severity.Error,
        "REINDEX takes SHARE on the table and ACCESS EXCLUSIVE on its indexes: writes wait, and so do reads (the planner locks every index, even for a sequential scan)",
        $"REINDEX INDEX CONCURRENTLY … {NoTransactionStep}");

    /// <summary>DETACH PARTITION without CONCURRENTLY.</summary>
    public static readonly LintRule DetachNotConcurrent = new("pg-detach-partition-not-concurrent", Severity.Error,
        "DETACH PARTITION takes ACCESS EXCLUSIVE on the parent and the partition: reads and writes of both wait",
        $"ALTER TABLE … DETACH PARTITION … CONCURRENTLY {NoTransactionStep} (PostgreSQL 14+)");

    /// <summary>A statement that cannot run in a transaction block, in a transactional step.</summary>
    public static readonly LintRule NeedsNoTransaction = new("pg-needs-no-transaction", Severity.Error,
        "PostgreSQL refuses this statement inside a transaction block (25001), and every `-- cutover:up` step is one transaction: the migration fails when it runs",
        $"move the statement {NoTransactionStep}; Cutover sends each statement of such a step on its own");

    /// <summary>ADD COLUMN … NOT NULL without a default.</summary>
    public static readonly LintRule AddColumnNotNull = new("pg-add-column-not-null", Severity.Error,
        "ADD COLUMN … NOT NULL without a default fails on any table that has rows (the existing rows would be NULL), under ACCESS EXCLUSIVE",
        "add the column nullable, fill it in a backfill, then add the NOT NULL (see pg-set-not-null); or give it a constant default: NOT NULL DEFAULT 'x' does not rewrite");

    /// <summary>ADD COLUMN whose default or generation rewrites the table.</summary>
    public static readonly LintRule AddColumnRewrite = new("pg-add-column-rewrite", Severity.Error,
        "a volatile default (clock_timestamp(), random(), gen_random_uuid() …), GENERATED … STORED or a serial type makes ADD COLUMN rewrite the table and every index under ACCESS EXCLUSIVE: reads and writes wait for the whole rewrite",
        "add the column without a default (or with a constant or now()), then SET DEFAULT for new rows, and fill old rows in a backfill");

    /// <summary>ALTER COLUMN TYPE that rewrites the table.</summary>
    public static readonly LintRule AlterTypeRewrite = new("pg-alter-column-type", Severity.Error,
        "changing a column's type rewrites the table and its indexes under ACCESS EXCLUSIVE (measured: int→bigint, varchar shrinking, timestamp→timestamptz outside UTC, any USING); only varchar widening and →text are free",
        "declare it as an operation, `-- cutover:op alter-column <table>.<column> type <type> up \"<expr>\" down \"<expr>\"` (docs/operations.md): a column of the new type kept in step by a trigger and backfilled, each app version sees its own type until `cutover complete`; or expand and contract by hand");

    /// <summary>SET NOT NULL without a validated IS NOT NULL check.</summary>
    public static readonly LintRule SetNotNull = new("pg-set-not-null", Severity.Error,
        "SET NOT NULL scans the whole table under ACCESS EXCLUSIVE (reads and writes wait), unless a VALID CHECK (col IS NOT NULL) already proves it",
        "declare it as an operation, `-- cutover:op set-not-null <table>.<column> [up \"<value for NULLs>\"]` (docs/operations.md), which does the following for you; or ADD CONSTRAINT c CHECK (col IS NOT NULL) NOT VALID; in a later step VALIDATE CONSTRAINT c (SHARE UPDATE EXCLUSIVE); then SET NOT NULL is instant and the check can be dropped");

    /// <summary>ADD FOREIGN KEY without NOT VALID.</summary>
    public static readonly LintRule ForeignKeyNotValid = new("pg-foreign-key-not-valid", Severity.Error,
        "ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on both tables and scans the referencing table to validate it: writes to both tables wait for the scan",
        "ADD CONSTRAINT … FOREIGN KEY … NOT VALID (no scan), then VALIDATE CONSTRAINT in a later step (SHARE UPDATE EXCLUSIVE; ROW SHARE on the referenced table)");

    /// <summary>ADD CHECK without NOT VALID.</summary>
    public static readonly LintRule CheckNotValid = new("pg-check-not-valid", Severity.Error,
        "ADD CHECK scans the whole table under ACCESS EXCLUSIVE: reads and writes wait for the scan",
        "ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a later step (SHARE UPDATE EXCLUSIVE: reads and writes go on)");

    /// <summary>VALIDATE in the same transaction as its NOT VALID.</summary>
    public static readonly LintRule ValidateSameTransaction = new("pg-validate-same-transaction", Severity.Error,
        "the ADD … NOT VALID in the same transaction still holds its lock (ACCESS EXCLUSIVE for a check, SHARE ROW EXCLUSIVE for a foreign key) while VALIDATE scans the table: NOT VALID gains nothing",
        "put VALIDATE CONSTRAINT in a later step: each `-- cutover:up` step is its own transaction");

    /// <summary>ADD UNIQUE or PRIMARY KEY that builds its index under the table lock.</summary>
    public static readonly LintRule UniqueWithoutIndex = new("pg-unique-without-index", Severity.Error,
        "ADD UNIQUE / PRIMARY KEY builds its index under ACCESS EXCLUSIVE: reads and writes wait for the whole build",
        $"CREATE UNIQUE INDEX CONCURRENTLY … {NoTransactionStep}, then ADD CONSTRAINT … UNIQUE USING INDEX … (brief ACCESS EXCLUSIVE, no build)");

    /// <summary>PRIMARY KEY USING INDEX on a column not known to be NOT NULL.</summary>
    public static readonly LintRule PrimaryKeyNullable = new("pg-primary-key-nullable", Severity.Warning,
        "PRIMARY KEY … USING INDEX on a column that is not already NOT NULL sets NOT NULL first, scanning the table under ACCESS EXCLUSIVE",
        "make the column NOT NULL the cheap way first (see pg-set-not-null), then add the primary key using the index");

    /// <summary>Exclusion constraint on an existing table.</summary>
    public static readonly LintRule Exclusion = new("pg-exclusion-constraint", Severity.Error,
        "ADD … EXCLUDE builds its index and checks every row under ACCESS EXCLUSIVE, and has no NOT VALID or USING INDEX way round it",
        "create the table with the constraint; on a large existing table, copy into a new table that has it, or schedule a maintenance window and allow it");

    /// <summary>TRUNCATE.</summary>
    public static readonly LintRule Truncate = new("truncate", Severity.Error,
        "TRUNCATE takes ACCESS EXCLUSIVE and deletes every row (with CASCADE, every row of every referencing table too); no down step brings them back",
        "delete what must go in a backfill step with a WHERE; if the table really must be emptied, allow it with a reason");

    /// <summary>VACUUM FULL, CLUSTER, SET TABLESPACE.</summary>
    public static readonly LintRule TableRewrite = new("pg-table-rewrite", Severity.Error,
        "VACUUM FULL, CLUSTER and SET TABLESPACE copy the whole table under ACCESS EXCLUSIVE: reads and writes wait until the copy is done",
        "run them in a maintenance window outside migrations, or use pg_repack; plain VACUUM does not block");

    /// <summary>A new enum value used in the transaction that adds it.</summary>
    public static readonly LintRule EnumValueSameTransaction = new("pg-enum-value-same-transaction", Severity.Error,
        "a value added with ALTER TYPE … ADD VALUE cannot be used before its transaction commits (55P04 unsafe use of new value): the step fails",
        "use the new value in a later step; each `-- cutover:up` step is its own transaction");

    /// <summary>A domain with constraints.</summary>
    public static readonly LintRule DomainConstraint = new("pg-domain-constraint", Severity.Warning,
        "a constraint on a domain is checked against every column of that domain in every table when it is added or changed, under locks on all of them, and cannot be changed cheaply later",
        "use the base type with a CHECK constraint on each table (which can be added NOT VALID and validated later)");

    /// <summary>char(n).</summary>
    public static readonly LintRule PreferText = new("pg-prefer-text", Severity.Warning,
        "char(n) pads with spaces, compares surprisingly, and is no faster than text",
        "text, with a CHECK (length(col) = n) if the length matters");

    /// <summary>json.</summary>
    public static readonly LintRule PreferJsonb = new("pg-prefer-jsonb", Severity.Warning,
        "json keeps the text as written: no indexing, no equality, every access parses it again",
        "jsonb");

    /// <summary>serial types.</summary>
    public static readonly LintRule PreferIdentity = new("pg-prefer-identity", Severity.Warning,
        "serial creates a loose sequence with its own ownership and grants, which dumps, copies and permission changes often get wrong",
        "bigint GENERATED ALWAYS AS IDENTITY (or BY DEFAULT)");

    /// <summary>int keys.</summary>
    public static readonly LintRule PreferBigintKeys = new("pg-prefer-bigint-keys", Severity.Warning,
        "an integer key runs out at 2,147,483,647, and widening it later rewrites the table and every referencing table under ACCESS EXCLUSIVE",
        "bigint for primary and foreign keys");

    /// <summary>timestamp without time zone.</summary>
    public static readonly LintRule PreferTimestamptz = new("pg-prefer-timestamptz", Severity.Warning,
        "timestamp without time zone stores wall-clock time with no zone: values from servers or sessions in different zones cannot be compared, and converting later rewrites the table",
        "timestamptz");

    /// <summary>varchar(n).</summary>
    public static readonly LintRule PreferTextWithCheck = new("pg-prefer-text-with-check", Severity.Warning,
        "a varchar(n) limit can only be raised for free; lowering it rewrites the table, and the limit is often a guess",
        "text with CHECK (length(col) <= n), which can be changed NOT VALID without a rewrite");

    /// <summary>Identifiers over 63 bytes.</summary>
    public static readonly LintRule IdentifierTooLong = new("pg-identifier-too-long", Severity.Error,
        "PostgreSQL silently truncates identifiers to 63 bytes: the object gets another name than the one written, and two long names can collide",
        "shorten the name to 63 bytes (UTF-8) or fewer");

    /// <summary>Non-idempotent statements in no-transaction steps.</summary>
    public static readonly LintRule NotIdempotent = new("pg-not-idempotent", Severity.Error,
        "a no-transaction step is resumed at the statement that was running when it stopped, so that statement runs again; a failed CREATE INDEX CONCURRENTLY also leaves an INVALID index behind, and the rerun fails with 'already exists'",
        "write IF NOT EXISTS / IF EXISTS; after a failed concurrent build, DROP INDEX CONCURRENTLY IF EXISTS the INVALID index before running again");

    /// <summary>lock_timeout or statement_timeout set to 0.</summary>
    public static readonly LintRule TimeoutDisabled = new("pg-timeout-disabled", Severity.Error,
        "setting lock_timeout or statement_timeout to 0 switches off the short, retried lock_timeout Cutover runs every step under: a step queued behind a long transaction then blocks every reader of the table",
        "leave the timeouts to Cutover (\"lockTimeout\" in cutover.json); raise statement_timeout to a bound, not to 0");

    /// <summary>Every Postgres rule, in documentation order.</summary>
    public static IReadOnlyList<LintRule> All { get; } =
    [
        IndexNotConcurrent, DropIndexNotConcurrent, ReindexNotConcurrent, DetachNotConcurrent, NeedsNoTransaction, AddColumnNotNull, AddColumnRewrite, AlterTypeRewrite, SetNotNull, ForeignKeyNotValid, CheckNotValid, ValidateSameTransaction, UniqueWithoutIndex, PrimaryKeyNullable, Exclusion, Truncate, TableRewrite, EnumValueSameTransaction, DomainConstraint, PreferText, PreferJsonb, PreferIdentity, PreferBigintKeys, PreferTimestamptz, PreferTextWithCheck, IdentifierTooLong, NotIdempotent, TimeoutDisabled,
    ];
}
