using Cutover.Sqlite;
using Cutover.Sqlite.Tooling;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>
/// Messages and hints that said the wrong thing (issue 12, item 19), on SQLite: each says what happened and what
/// to do, with the documented exit code.
/// </summary>
public sealed class MessageWordingTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private string Dir => _project.Root;

    private readonly string _db = SqliteFiles.NewDatabase();

    private Task<CliResult> Cutover(params string[] args) => CliRunner.RunAsync(Dir, [.. args, "--connection", _db]);

    [Fact]
    public async Task New_with_a_name_too_long_for_a_file_is_bad_input_in_one_line_and_writes_nothing()
    {
        var result = await CliRunner.RunAsync(Dir, "new", new string('a', 300));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: bad migration name: 300 characters make a file name longer than the file system allows (255)", Assert.Single(result.ErrorLines));
        Assert.Contains("hint: use at most 236 characters", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_project.Folder));
    }

    [Fact]
    public async Task New_with_the_longest_name_that_fits_creates_the_file()
    {
        var result = await CliRunner.RunAsync(Dir, "new", new string('a', 236));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(255, Path.GetFileName(Assert.Single(Directory.GetFiles(_project.Folder, "*.sql"))).Length);
    }

    [Fact]
    public async Task Down_with_nothing_applied_says_so_and_suggests_no_steps()
    {
        _project.WriteTable("20260101000001", "a");

        var result = await Cutover("down");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --steps 1: nothing is applied, so there is nothing to roll back", Assert.Single(result.ErrorLines));
        Assert.DoesNotContain("hint:", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Down_past_what_is_applied_still_suggests_how_many_can_go()
    {
        _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover("up")).ExitCode);

        var result = await Cutover("down", "--steps", "3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hint: use --steps 1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_file_that_cannot_be_written_after_down_says_the_migrations_were_rolled_back()
    {
        File.WriteAllText(Path.Combine(Dir, "cutover.json"), """{ "migrations": "migrations", "schemaFile": "schema.sql" }""");
        _project.WriteTable("20260101000001", "a");
        Assert.Equal(0, (await Cutover("up")).ExitCode);
        // A folder where the file should be: writing it fails.
        File.Delete(Path.Combine(Dir, "schema.sql"));
        Directory.CreateDirectory(Path.Combine(Dir, "schema.sql"));

        var down = await Cutover("down", "--accept-data-loss");

        Assert.Equal(1, down.ExitCode);
        Assert.Contains("cannot write the schema file", Assert.Single(down.ErrorLines), StringComparison.Ordinal);
        Assert.Contains("hint: the migrations were rolled back;", down.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("applied", down.Stderr, StringComparison.Ordinal);

        var up = await Cutover("up");
        Assert.Contains("hint: the migrations were applied;", up.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_promises_a_rollback_of_a_missing_file_only_when_a_down_is_stored()
    {
        _project.WriteTable("20260101000001", "a");
        _project.Write("20260101000002", "no_down", "-- cutover:up\nCREATE TABLE b (id integer);\n");
        _project.Write("20260101000003", "irreversible", "-- cutover:up\nCREATE TABLE c (id integer);\n-- cutover:irreversible data is gone\n");
        Assert.Equal(0, (await Cutover("up")).ExitCode);
        _project.Delete("20260101000001", "create_a");
        _project.Delete("20260101000002", "no_down");
        _project.Delete("20260101000003", "irreversible");

        var status = await Cutover("status", "--json");

        using var json = System.Text.Json.JsonDocument.Parse(status.Stdout);
        var details = json.RootElement.GetProperty("migrations").EnumerateArray()
            .ToDictionary(m => m.GetProperty("id").GetString()!, m => m.GetProperty("detail").GetString());
        Assert.Equal("applied, but its file is gone; it can still be rolled back from the stored down SQL", details["20260101000001"]);
        Assert.Equal("applied, but its file is gone; no down SQL is stored, so it cannot be rolled back", details["20260101000002"]);
        Assert.Equal("applied, but its file is gone; it is irreversible", details["20260101000003"]);

        var validate = await Cutover("validate", "--json");

        using var issues = System.Text.Json.JsonDocument.Parse(validate.Stdout);
        var hints = issues.RootElement.GetProperty("issues").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("hint").GetString());
        Assert.Equal("restore the file, or roll it back with `cutover down` (the down SQL is stored in the database)", hints["20260101000001"]);
        Assert.Equal("restore the file (git checkout): no down SQL is stored for it, so it cannot be rolled back without it", hints["20260101000002"]);
        Assert.Equal(hints["20260101000002"], hints["20260101000003"]);
    }

    [Fact]
    public async Task The_out_of_order_hint_points_at_new_rename()
    {
        _project.WriteTable("20260101000002", "b");
        Assert.Equal(0, (await Cutover("up")).ExitCode);
        _project.WriteTable("20260101000001", "a");

        var up = await Cutover("up");

        Assert.Equal(4, up.ExitCode);
        Assert.Contains("`cutover new --rename <file>`", up.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_lock_wait_names_another_process_when_the_holder_has_not_said_who_it_is()
    {
        var path = Path.GetFullPath(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(_db).DataSource) + ".cutover-lock";
        // A holder that took the lock and has not written (or has just emptied) its .info file yet.
        await using var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        File.WriteAllText(path + ".info", "");
        var provider = new SqliteProvider();
        await using var connection = await provider.OpenAsync(_db, forReading: false, CancellationToken.None);
        var waits = new List<string>();

        var error = await Assert.ThrowsAsync<LockTimeoutException>(() =>
            provider.AcquireMigrationLockAsync(connection, TimeSpan.FromMilliseconds(300), waits.Add, CancellationToken.None));

        Assert.Equal(["held by another process"], waits);
        Assert.EndsWith(": held by another process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sqlite_rebuild_hint_says_what_to_do_without_citing_internal_documents()
    {
        var fix = SqliteLintRules.SqliteAlterUnsupported.Fix;

        Assert.DoesNotContain("REFERENCE", fix, StringComparison.Ordinal);
        Assert.Contains("Making Other Kinds Of Table Schema Changes", fix, StringComparison.Ordinal);
        // docs/lint.md shows the same words.
        Assert.Contains($"**Instead:** {fix}.", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "../../../../../docs/lint.md")), StringComparison.Ordinal);
    }

    public void Dispose() => _project.Dispose();
}
