using System.Data.Common;
using Cutover.Checking.Lint;
using Cutover.Postgres;
using Cutover.Rehearsal;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Npgsql;

namespace Cutover.Tests.Rehearsal;

/// <summary>`rehearse` on both engines: the copy, the apply, the rollback drill, and a source that is never written.</summary>
public abstract class RehearsalSpecification : IDisposable
{
    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    /// <summary>The engine's lint, as the tool picks it.</summary>
    private protected IEngineLint Lint => ProviderFactory.LintFor(Provider.Dialect).Engine;

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>Whether the scratch copy <paramref name="name"/> still exists.</summary>
    private protected abstract Task<bool> CopyExistsAsync(string source, string name);

    private Migrator NewMigrator(string connection) =>
        new(new CutoverOptions { ConnectionString = connection, MigrationsFolder = Files.Folder }, Provider);

    private async Task ExecuteAsync(string connection, string sql)
    {
        await using var c = await Provider.OpenAsync(connection, forReading: false, CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A source with users applied by the first migration and 50 rows of data.</summary>
    private async Task<(string Db, Migrator Migrator)> SourceAsync()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "create_users", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL, nickname text);
            -- cutover:down
            DROP TABLE users;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        for (var i = 1; i <= 50; i++)
            await ExecuteAsync(db, $"INSERT INTO users (id, email, nickname) VALUES ({i}, 'u{i}@example.com', {(i % 10 == 0 ? "NULL" : $"'n{i}'")})");
        return (db, migrator);
    }

    private static async Task<(string Fingerprint, long Users)> LookAsync(Migrator migrator, string db, IDatabaseProvider provider)
    {
        await using var c = await provider.OpenAsync(db, forReading: true, CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = "SELECT count(*) FROM users";
        return (SchemaText.Fingerprint(await migrator.ReadSchemaAsync()), Convert.ToInt64(await command.ExecuteScalarAsync()));
    }

    [Fact]
    public async Task A_migration_whose_down_step_holds_only_comments_is_drilled_as_a_no_op()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "nothing_here", """
            -- cutover:up
            -- nothing to do on this engine
            -- cutover:down
            -- nothing to undo
            """);

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        Assert.Null(report.Drill.SkippedBecause);
        Assert.True(report.Drill.Ran);
        Assert.True(report.Drill.Passed);
    }

    [Fact]
    public async Task A_reversible_migration_passes_the_drill_and_the_source_is_never_written()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "add_roles", $"""
            -- why: admins need roles
            -- cutover:up
            ALTER TABLE users ADD COLUMN role text;
            {Pause};
            UPDATE users SET role = 'member' WHERE id <= 40;
            CREATE INDEX users_role ON users (role);
            -- cutover:down
            DROP INDEX users_role;
            ALTER TABLE users DROP COLUMN role;
            """);
        var before = await LookAsync(migrator, db, Provider);

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        var rehearsed = Assert.Single(report.Migrations);
        Assert.Equal(("20260101000002", true, 40L), (rehearsed.Id, rehearsed.Applied, rehearsed.RowsChanged));
        Assert.Contains(rehearsed.Changes, c => c.Kind == SchemaChangeKind.ColumnAdded && c.Object.Contains("role", StringComparison.Ordinal));
        Assert.Contains(rehearsed.Changes, c => c.Kind == SchemaChangeKind.IndexAdded);
        Assert.Equal(("admins need roles"), rehearsed.Metadata.Single(m => m.Key == "why").Value.Trim());
        Assert.True(report.Drill.Passed);
        AssertLocks(rehearsed.Locks);
        Assert.NotEqual(report.FingerprintBefore, report.FingerprintAfter);
        Assert.Equal(["clone", "snapshot", "contracts before", "audit", "apply", "contracts after", "drill"], report.Phases.Select(p => p.Name));
        Assert.Equal(before, await LookAsync(migrator, db, Provider));
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").State);
        Assert.False(await CopyExistsAsync(db, report.Copy));
    }

    [Fact]
    public async Task Rehearsal_reports_each_phase_as_a_run_event_in_order()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "add_seen", """
            -- cutover:up
            ALTER TABLE users ADD COLUMN seen integer;
            -- cutover:down
            ALTER TABLE users DROP COLUMN seen;
            """);
        var events = new List<RunEvent>();

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint, new SynchronousProgress<RunEvent>(events.Add));

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        var notes = events.Select(e => Assert.IsType<RehearsalNote>(e)).ToList();
        Assert.StartsWith("copying ", notes[0].Message, StringComparison.Ordinal);
        // The copier's own notes (how it copies) come between the first two, in the clone phase; the rest is fixed.
        var copied = notes.FindIndex(n => n.Message.StartsWith("copied into ", StringComparison.Ordinal));
        Assert.All(notes.Take(copied), n => Assert.Equal("clone", n.Phase));
        Assert.Equal(
            [("clone", $"copied into {report.Copy} ({report.CopyMethod}, N ms)"), ("audit", "auditing the data against the constraints 1 pending migration(s) add"),
             ("apply", "applying 20260101000002_add_seen.sql"), ("drill", "rollback drill: down 1 migration(s)"), ("drill", "rollback drill: up 1 migration(s) again")],
            notes.Skip(copied).Select(n => (n.Phase, System.Text.RegularExpressions.Regex.Replace(n.Message, @"\d+ ms\)$", "N ms)"))));
    }

    [Fact]
    public async Task A_down_that_forgets_an_index_fails_the_drill_naming_it()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "index_nickname", """
            -- cutover:up
            CREATE INDEX users_nickname ON users (nickname);
            ALTER TABLE users ADD COLUMN seen integer;
            -- cutover:down
            ALTER TABLE users DROP COLUMN seen;
            """);

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.False(report.Passed);
        Assert.False(report.Drill.SchemaRestored);
        Assert.Contains(report.Drill.SchemaDifferences, c => c.Kind == SchemaChangeKind.IndexAdded && c.Object.Contains("users_nickname", StringComparison.Ordinal));
        var failure = Assert.Single(report.Failures);
        Assert.Contains("rollback drill of 20260101000002_index_nickname.sql", failure, StringComparison.Ordinal);
        Assert.Contains("users_nickname", failure, StringComparison.Ordinal);
        Assert.False(await CopyExistsAsync(db, report.Copy));
    }

    [Fact]
    public async Task A_down_that_loses_rows_fails_the_drill_naming_the_table()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "archive", """
            -- cutover:up
            CREATE TABLE archive (id integer PRIMARY KEY);
            INSERT INTO archive (id) SELECT id FROM users WHERE nickname IS NULL;
            -- cutover:down
            DELETE FROM users WHERE nickname IS NULL;
            DROP TABLE archive;
            """);

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.False(report.Drill.RowCountsRestored);
        Assert.Equal(new RowCountDifference(Name("users"), 50, 45), Assert.Single(report.Drill.RowCountDifferences));
        Assert.Contains("row counts differ", Assert.Single(report.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_down_that_nulls_a_column_keeps_every_row_count_but_fails_the_drill_naming_the_table_and_column()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "add_seen", """
            -- cutover:up
            ALTER TABLE users ADD COLUMN seen integer;
            -- cutover:down
            UPDATE users SET nickname = NULL WHERE id > 0;
            ALTER TABLE users DROP COLUMN seen;
            """);

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.True(report.Drill.SchemaRestored);
        Assert.True(report.Drill.RowCountsRestored);
        Assert.False(report.Drill.Passed);
        var difference = Assert.Single(report.Drill.RowContentDifferences);
        Assert.Equal(Name("users"), difference.Table);
        Assert.Equal(["nickname"], difference.Columns);
        Assert.Contains($"rows hold other values: {Name("users")} (column nickname)", Assert.Single(report.Failures), StringComparison.Ordinal);
        var onePager = RehearsalMarkdown.OnePager(report, report.Migrations[0]);
        Assert.Contains("- [x] Rolled back: every table has as many rows as before", onePager, StringComparison.Ordinal);
        Assert.Contains("- [ ] Rolled back: the tables it touches hold exactly the rows they held before (row checksums)", onePager, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_down_that_moves_values_between_rows_fails_the_drill_though_every_column_holds_the_same_values()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "add_seen", """
            -- cutover:up
            ALTER TABLE users ADD COLUMN seen integer;
            -- cutover:down
            UPDATE users SET email = CASE id WHEN 1 THEN 'u2@example.com' WHEN 2 THEN 'u1@example.com' ELSE email END;
            ALTER TABLE users DROP COLUMN seen;
            """);

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        var difference = Assert.Single(report.Drill.RowContentDifferences);
        Assert.Equal((Name("users"), 0), (difference.Table, difference.Columns.Count));
        Assert.Contains($"{Name("users")} (values moved between rows)", Assert.Single(report.Failures), StringComparison.Ordinal);
    }

    /// <summary>Users gains two columns, legacy (all NULL) then extra; the pending migration drops legacy and its down re-adds it, last.</summary>
    private async Task<(string Db, Migrator Migrator)> ReaddedColumnAsync()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "add_legacy_and_extra", """
            -- cutover:up
            ALTER TABLE users ADD COLUMN legacy text;
            ALTER TABLE users ADD COLUMN extra integer;
            -- cutover:down
            ALTER TABLE users DROP COLUMN extra;
            ALTER TABLE users DROP COLUMN legacy;
            """);
        await migrator.UpAsync();
        Files.Write("20260101000003", "drop_legacy", """
            -- cutover:up
            ALTER TABLE users DROP COLUMN legacy;
            -- cutover:down
            ALTER TABLE users ADD COLUMN legacy text;
            """);
        return (db, migrator);
    }

    [Fact]
    public async Task A_down_that_re_adds_a_dropped_column_passes_the_drill_with_a_column_order_warning()
    {
        var (db, migrator) = await ReaddedColumnAsync();

        var report = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);

        Assert.True(report.Passed, string.Join("\n", report.Failures));
        var warning = Assert.Single(report.Drill.ReorderedColumns);
        Assert.Equal((SchemaChangeKind.ColumnsReordered, Name("users")), (warning.Kind, warning.Object));
        Assert.Contains("Warning: columns reordered", RehearsalMarkdown.OnePager(report, report.Migrations[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_strict_column_order_a_re_added_column_fails_the_drill()
    {
        var (db, migrator) = await ReaddedColumnAsync();

        var report = await migrator.RehearseAsync(new RehearsalOptions(db, StrictColumnOrder: true), Lint);

        Assert.False(report.Passed);
        Assert.Contains(report.Drill.SchemaDifferences, c => c.Kind == SchemaChangeKind.ColumnsReordered);
        Assert.Contains("ColumnsReordered", Assert.Single(report.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_that_fails_on_the_copy_is_named_and_the_copy_is_still_dropped_unless_kept()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "required_nickname", """
            -- cutover:up
            CREATE TABLE nicknames (nickname text NOT NULL);
            INSERT INTO nicknames (nickname) SELECT nickname FROM users;
            -- cutover:down
            DROP TABLE nicknames;
            """);

        var dropped = await migrator.RehearseAsync(new RehearsalOptions(db), Lint);
        var kept = await migrator.RehearseAsync(new RehearsalOptions(db, Keep: true), Lint);

        // The audit saw it coming before anything ran; then the migration failed on the copy.
        Assert.Equal(2, dropped.Failures.Count);
        Assert.StartsWith("audit: 20260101000002_required_nickname.sql:3: NOT NULL nicknames.nickname: 5 existing row(s) would violate it", dropped.Failures[0], StringComparison.Ordinal);
        Assert.StartsWith("migration 20260101000002_required_nickname.sql failed on the copy: ", dropped.Failures[1], StringComparison.Ordinal);
        Assert.False(dropped.Migrations.Single().Applied);
        Assert.False(dropped.Drill.Ran);
        Assert.False(await CopyExistsAsync(db, dropped.Copy));
        Assert.True(kept.Kept);
        Assert.True(await CopyExistsAsync(db, kept.Copy));
        await ((IDatabaseCopier)Provider).DropCopyAsync(new ScratchCopy(CopyConnection(db, kept.Copy), kept.Copy, ""), CancellationToken.None);
    }

    /// <summary>A statement that takes a moment, so a lock held across it is surely sampled.</summary>
    private protected abstract string Pause { get; }

    /// <summary>What the engine reports of the locks the migration held on users.</summary>
    private protected abstract void AssertLocks(IReadOnlyList<LockHeld> locks);

    [Fact]
    public async Task Cancelling_mid_migration_still_drops_the_copy()
    {
        var (db, migrator) = await SourceAsync();
        Files.Write("20260101000002", "slow", $"""
            -- cutover:up
            {LongStatement};
            -- cutover:down
            SELECT 1;
            """);
        using var cancel = new CancellationTokenSource();
        string? copy = null;
        var progress = new Specification.SynchronousProgress<RunEvent>(e =>
        {
            if (e is not RehearsalNote { Message: var message })
                return;
            if (message.StartsWith("copied into ", StringComparison.Ordinal))
                copy = message["copied into ".Length..].Split(' ')[0];
            if (message.StartsWith("applying ", StringComparison.Ordinal))
                cancel.CancelAfter(TimeSpan.FromMilliseconds(500));
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => migrator.RehearseAsync(new RehearsalOptions(db), Lint, progress, cancel.Token));

        Assert.NotNull(copy);
        Assert.False(await CopyExistsAsync(db, copy));
    }

    /// <summary>A statement that runs for many seconds unless cancelled.</summary>
    private protected abstract string LongStatement { get; }

    /// <summary>The connection string of a kept copy.</summary>
    private protected abstract string CopyConnection(string source, string name);

    /// <summary>A table's name as the report writes it.</summary>
    private protected abstract string Name(string table);

    public void Dispose() => Files.Dispose();
}

public sealed class SqliteRehearsalTests : RehearsalSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    private protected override Task<bool> CopyExistsAsync(string source, string name) => Task.FromResult(File.Exists(name));

    private protected override string Name(string table) => $"\"{table}\"";

    private protected override string CopyConnection(string source, string name) => $"Data Source={name}";

    private protected override void AssertLocks(IReadOnlyList<LockHeld> locks) => Assert.Empty(locks); // SQLite locks the file, not tables

    private protected override string Pause => "SELECT 1";

    // Microsoft.Data.Sqlite does not interrupt a running statement when the token fires; the cancellation is
    // seen when it ends, so the statement takes a few seconds rather than forever.
    private protected override string LongStatement =>
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c";

    [Fact]
    public async Task A_provider_that_cannot_copy_a_database_cannot_rehearse_and_says_so_before_anything_runs()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        // A real provider without the optional copying capability.
        var withoutCopier = new ScriptedPressureProvider(Provider, _ => null);
        var migrator = new Migrator(new CutoverOptions { ConnectionString = db, MigrationsFolder = Files.Folder }, withoutCopier);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.RehearseAsync(new RehearsalOptions(db), Lint));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal("the sqlite provider cannot copy a database, so it cannot rehearse", error.Message);
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task A_provider_that_can_copy_but_not_read_without_writing_cannot_rehearse_and_copies_nothing()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var copier = new CopierWithoutInspection(Provider);
        var migrator = new Migrator(new CutoverOptions { ConnectionString = db, MigrationsFolder = Files.Folder }, copier);

        var error = await Assert.ThrowsAsync<ConfigurationException>(() => migrator.RehearseAsync(new RehearsalOptions(db), Lint));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal("the sqlite provider cannot read a database without writing to it, so it cannot rehearse", error.Message);
        Assert.Equal(0, copier.Copies);
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single().State);
    }

    /// <summary>The real SQLite provider with its copying capability and without <see cref="IReadOnlyInspection"/>; counts copies.</summary>
    private sealed class CopierWithoutInspection(IDatabaseProvider inner) : DelegatingProvider(inner), IDatabaseCopier
    {
        public int Copies { get; private set; }

        public Task<ScratchCopy> CopyAsync(string sourceConnectionString, string? into, IProgress<string>? progress, CancellationToken cancellationToken)
        {
            Copies++;
            return ((IDatabaseCopier)Inner).CopyAsync(sourceConnectionString, into, progress, cancellationToken);
        }

        public Task DropCopyAsync(ScratchCopy copy, CancellationToken cancellationToken) => ((IDatabaseCopier)Inner).DropCopyAsync(copy, cancellationToken);
    }
}

public sealed class PostgresRehearsalTests : RehearsalSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override async Task<bool> CopyExistsAsync(string source, string name)
    {
        await using var connection = new NpgsqlConnection(await PostgresServer.AdminConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return Convert.ToInt64(await command.ExecuteScalarAsync()) == 1;
    }

    private protected override string Name(string table) => $"\"public\".\"{table}\"";

    private protected override string CopyConnection(string source, string name) =>
        new NpgsqlConnectionStringBuilder(source) { Database = name }.ConnectionString;

    // ADD COLUMN takes ACCESS EXCLUSIVE on users and holds it until the step's transaction commits: at least
    // the half-second pause. The bound leaves room for samples delayed on a busy machine.
    private protected override void AssertLocks(IReadOnlyList<LockHeld> locks) =>
        Assert.Contains(locks, l => l.Table == "public.users" && l.Mode == "AccessExclusiveLock" && l.Blocks == "reads and writes" && l.HeldMs >= 250);

    private protected override string Pause => "SELECT pg_sleep(0.5)";

    private protected override string LongStatement => "SELECT pg_sleep(30)";

    [Fact]
    public async Task Into_puts_the_copy_on_the_server_it_names_and_an_unreachable_one_is_bad_input()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var admin = await PostgresServer.AdminConnectionStringAsync();
        var unreachable = new NpgsqlConnectionStringBuilder(admin) { Host = "127.0.0.1", Port = 1, Timeout = 2 }.ConnectionString;

        var copy = await ((IDatabaseCopier)Provider).CopyAsync(db, admin, null, CancellationToken.None);
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => ((IDatabaseCopier)Provider).CopyAsync(db, unreachable, null, CancellationToken.None));

        Assert.True(await CopyExistsAsync(db, copy.Name));
        Assert.Equal(new NpgsqlConnectionStringBuilder(admin).Host, new NpgsqlConnectionStringBuilder(copy.ConnectionString).Host);
        await ((IDatabaseCopier)Provider).DropCopyAsync(copy, CancellationToken.None);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.StartsWith("cannot connect to PostgreSQL at 127.0.0.1:1 (database postgres) to create the scratch copy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_copy_uses_the_template_fast_path_when_nobody_is_connected_and_pg_dump_otherwise()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using (var setup = new NpgsqlConnection(db))
        {
            await setup.OpenAsync();
            await using var command = new NpgsqlCommand("CREATE TABLE t (id integer PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 1000);", setup);
            await command.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();

        var template = await ((IDatabaseCopier)Provider).CopyAsync(db, null, null, CancellationToken.None);
        // Both dump paths, whatever this machine's core count: piped on a small machine, a file and --jobs above two cores.
        var steps = new List<string>();
        var progress = new Cutover.Tests.Specification.SynchronousProgress<string>(steps.Add);
        ScratchCopy piped, parallel;
        await using (var busy = new NpgsqlConnection(db))
        {
            await busy.OpenAsync();
            piped = await Cutover.Postgres.PostgresCopy.CopyAsync(db, null, progress, CancellationToken.None, cores: 2);
            parallel = await Cutover.Postgres.PostgresCopy.CopyAsync(db, null, progress, CancellationToken.None, cores: 4);
        }

        try
        {
            Assert.Equal("CREATE DATABASE … TEMPLATE", template.Method);
            Assert.Equal("pg_dump -Fc piped to pg_restore", piped.Method);
            Assert.Equal("pg_dump -Fc, then pg_restore --jobs", parallel.Method);
            Assert.Contains(steps, s => s.StartsWith($"pg_restore --jobs=4 into {parallel.Name}", StringComparison.Ordinal));
            foreach (var copy in new[] { template, piped, parallel })
            {
                await using var connection = new NpgsqlConnection(copy.ConnectionString);
                await connection.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT count(*) FROM t", connection);
                Assert.Equal(1000L, await count.ExecuteScalarAsync());
            }
        }
        finally
        {
            foreach (var copy in new[] { template, piped, parallel })
                await ((IDatabaseCopier)Provider).DropCopyAsync(copy, CancellationToken.None);
        }
        foreach (var copy in new[] { template, piped, parallel })
            Assert.False(await CopyExistsAsync(db, copy.Name));
    }
}
