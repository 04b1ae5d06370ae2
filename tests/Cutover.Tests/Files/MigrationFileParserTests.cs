using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Tests.Files;

public sealed class MigrationFileParserTests
{
    private const string Path = "migrations/20240102030405_add_roles.sql";

    private static MigrationFile Parse(string text, SqlDialect dialect = SqlDialect.Postgres) =>
        MigrationFileParser.Parse(Path, text, dialect);

    private static CutoverException ParseFails(string text, string path = Path)
    {
        var error = Assert.ThrowsAny<CutoverException>(() => MigrationFileParser.Parse(path, text, SqlDialect.Postgres));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void Parses_the_design_example_shape()
    {
        var file = Parse("""
            -- why: Admins need roles.
            -- test: every user is 'member'.
            -- cutover:up
            ALTER TABLE users ADD COLUMN role text;
            UPDATE users SET role = 'member';
            -- cutover:up no-transaction
            CREATE INDEX CONCURRENTLY users_role ON users (role);
            -- cutover:down
            ALTER TABLE users DROP COLUMN role;
            """);

        Assert.Equal("20240102030405", file.Id);
        Assert.Equal("add_roles", file.Name);
        Assert.Equal(Path, file.Path);
        Assert.Equal("20240102030405_add_roles.sql", file.FileName);
        Assert.Equal([StepKind.Up, StepKind.UpNoTransaction, StepKind.Down], file.Steps.Select(s => s.Kind));
        Assert.Equal([3, 6, 8], file.Steps.Select(s => s.Line));
        Assert.Equal(["ALTER TABLE users ADD COLUMN role text", "UPDATE users SET role = 'member'"],
            file.Steps[0].Statements.Select(s => s.Text));
        Assert.Equal([4, 5], file.Steps[0].Statements.Select(s => s.Line));
        Assert.Equal(7, file.Steps[1].Statements.Single().Line);
        Assert.Equal(9, file.Steps[2].Statements.Single().Line);
        Assert.Null(file.IrreversibleReason);
    }

    [Fact]
    public void Metadata_is_kept_in_order_with_lower_case_keys_and_trimmed_values()
    {
        var file = Parse("""

            -- Why:   Admins need roles.  
            -- a plain comment, ignored
            /* a block comment, ignored */
            -- ticket: ABC-1
            -- why: and a second line
            --owner:team-data
            -- cutover:up
            SELECT 1;
            """);
        Assert.Equal(
            [new("why", "Admins need roles."), new("ticket", "ABC-1"), new("why", "and a second line"), new("owner", "team-data")],
            file.Metadata);
    }

    [Fact]
    public void Step_sql_is_the_raw_text_between_directives()
    {
        var file = Parse("-- cutover:up\nSELECT 1; -- one\n\n-- cutover:down\nSELECT 2;\n");
        Assert.Equal("SELECT 1; -- one\n", file.Steps[0].Sql);
        Assert.Equal("SELECT 2;\n", file.Steps[1].Sql);
    }

    [Fact]
    public void Up_and_down_steps_run_in_their_directions()
    {
        var file = Parse("""
            -- cutover:up
            SELECT 'u1';
            -- cutover:down
            SELECT 'd1';
            -- cutover:up no-transaction
            SELECT 'u2';
            -- cutover:down no-transaction
            SELECT 'd2';
            """);
        Assert.Equal(["SELECT 'u1'", "SELECT 'u2'"], file.UpSteps.Select(s => s.Statements.Single().Text));
        Assert.Equal(["SELECT 'd2'", "SELECT 'd1'"], file.DownSteps.Select(s => s.Statements.Single().Text));
        Assert.Equal([StepKind.DownNoTransaction, StepKind.Down], file.DownSteps.Select(s => s.Kind));
    }

    [Fact]
    public void Directives_tolerate_spacing_and_indentation()
    {
        var file = Parse("  --cutover:up\nSELECT 1;\n--   cutover:down   no-transaction  \nSELECT 2;");
        Assert.Equal([StepKind.Up, StepKind.DownNoTransaction], file.Steps.Select(s => s.Kind));
    }

    [Fact]
    public void Irreversible_keeps_its_reason()
    {
        var file = Parse("-- cutover:up\nDROP TABLE legacy;\n-- cutover:irreversible   the data is gone  \n-- just a note\n");
        Assert.Equal("the data is gone", file.IrreversibleReason);
        Assert.Empty(file.DownSteps);
    }

    [Fact]
    public void A_file_without_down_or_irreversible_is_valid()
    {
        var file = Parse("-- cutover:up\nSELECT 1;");
        Assert.Single(file.Steps);
        Assert.Null(file.IrreversibleReason);
    }

    [Fact]
    public void Statements_follow_the_dialect()
    {
        var trigger = "-- cutover:up\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n  DELETE FROM b;\n  DELETE FROM c;\nEND;\nSELECT 1;";
        Assert.Equal(2, MigrationFileParser.Parse(Path, trigger, SqlDialect.Sqlite).Steps[0].Statements.Count);
        Assert.Equal(4, MigrationFileParser.Parse(Path, trigger, SqlDialect.Postgres).Steps[0].Statements.Count);
    }

    [Fact]
    public void Crlf_file_parses_like_lf_and_has_the_same_checksum()
    {
        var lf = "-- why: x\n-- cutover:up\nSELECT 'a\nb';\n-- cutover:down\nSELECT 2;\n";
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);
        var a = Parse(lf);
        var b = Parse("\uFEFF" + crlf);
        Assert.Equal(a.Checksum, b.Checksum);
        Assert.Equal(a.Steps.SelectMany(s => s.Statements), b.Steps.SelectMany(s => s.Statements));
        Assert.Equal("SELECT 'a\nb'", b.Steps[0].Statements[0].Text);
        Assert.Equal(a.Metadata, b.Metadata);
    }

    [Theory]
    [InlineData("20240102030405_add_roles.sql", "20240102030405", "add_roles")]
    [InlineData("/abs/dir/19991231235959_x.sql", "19991231235959", "x")]
    [InlineData("20240229000000_leap_day_2024.sql", "20240229000000", "leap_day_2024")]
    public void Good_file_names(string path, string id, string name)
    {
        var file = MigrationFileParser.Parse(path, "-- cutover:up\nSELECT 1;", SqlDialect.Sqlite);
        Assert.Equal((id, name), (file.Id, file.Name));
    }

    [Theory]
    [InlineData("20240102030405_Add_Roles.sql", "rename it to '20240102030405_add_roles.sql'")]
    [InlineData("20240102030405_add-roles.sql", "rename it to '20240102030405_add_roles.sql'")]
    [InlineData("20240102030405_add roles.sql", "rename it to '20240102030405_add_roles.sql'")]
    [InlineData("20240102030405-add_roles.sql", "rename it to '20240102030405_add_roles.sql'")]
    [InlineData("20240102030405_AddRoles.sql", "rename it to '20240102030405_add_roles.sql'")]
    [InlineData("20241302030405_add_roles.sql", "give it a real UTC date and time ('20241302030405' is not one)")]
    [InlineData("20230229000000_add_roles.sql", "give it a real UTC date and time ('20230229000000' is not one)")]
    [InlineData("2024010203040_add_roles.sql", "create files with `cutover new <name>`")]
    [InlineData("V1__add_roles.sql", "create files with `cutover new <name>`")]
    [InlineData("20240102030405_add_roles.txt", "create files with `cutover new <name>`")]
    [InlineData("20240102030405_add$roles.sql", "rename it using only a-z, 0-9 and _")]
    public void Bad_file_names(string fileName, string hint)
    {
        var path = "migrations/" + fileName;
        var error = ParseFails("-- cutover:up\nSELECT 1;", path);
        Assert.Equal($"{path}:1: bad migration file name '{fileName}': expected <yyyyMMddHHmmss>_<name>.sql", error.Message);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string, string> Errors => new()
    {
        { "-- why: x\nCREATE TABLE a (x int);\n-- cutover:up\nSELECT 1;", 2, "SQL before the first '-- cutover:' directive", "start the step with -- cutover:up" },
        { "/* c */ SELECT 1;\n-- cutover:up\nSELECT 1;", 1, "SQL before the first '-- cutover:' directive", "-- cutover:up" },
        { "", 1, "no '-- cutover:up' step", "-- cutover:up" },
        { "-- why: x\n-- cutover:down\nSELECT 1;", 1, "no '-- cutover:up' step", "-- cutover:up" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:up\n-- nothing here\n", 3, "empty up step", "write the change" },
        { "-- cutover:up no-transaction\n\n-- cutover:up\nSELECT 1;", 1, "empty up step", "write the change" },
        { "-- cutover:up\nSELECT 1;\n\n-- cutover:down\n;\n", 4, "empty down step", "irreversible" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:down no-transaction", 3, "empty down step", "irreversible" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:irreversible gone\n-- cutover:down\nSELECT 2;", 4, "down step in a file marked irreversible (line 3)", "remove" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:down\nSELECT 2;\n-- cutover:irreversible gone", 3, "down step in a file marked irreversible (line 5)", "remove" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:irreversible a\n-- cutover:irreversible b", 4, "second '-- cutover:irreversible' directive (the first is on line 3)", "keep one" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:irreversible   ", 3, "'-- cutover:irreversible' needs a reason", "say why" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:irreversible gone\n\nSELECT 2;", 5, "SQL under '-- cutover:irreversible', which takes no statements", "move the SQL" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill users batch=auto\nUPDATE users SET x = 1;", 4, "the backfill statement has no {batch} placeholder", "add AND {batch} to its WHERE clause: each batch replaces it with its key range" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill\nUPDATE users SET x = 1 WHERE {batch};", 3, "backfill step without a table", "write -- cutover:backfill <table> [key=<col>[,<col>]] [batch=<n>|auto] [pause=<ms>] [code=<name>]" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill users batch=0\nUPDATE users SET x = 1 WHERE {batch};", 3, "batch=0 is not a whole number from 1 to 1000000", "write batch=<rows per batch>, or batch=auto to size batches by their duration" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill users size=10\nUPDATE users SET x = 1 WHERE {batch};", 3, "unknown backfill option 'size=10'", "write -- cutover:backfill <table> [key=<col>[,<col>]] [batch=<n>|auto] [pause=<ms>] [code=<name>]" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill users\nUPDATE users SET x = 1 WHERE {batch};\nUPDATE users SET y = 1 WHERE {batch};", 5, "a backfill step holds one statement; this is a second", "put each data change in its own -- cutover:backfill step, or the DDL in an up step" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill users\nALTER TABLE users ADD COLUMN x int;", 4, "a backfill statement must be an UPDATE, INSERT … SELECT or DELETE, not ALTER", "move other statements into an up step" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill users code=Reshape\nUPDATE users SET x = 1 WHERE {batch};", 4, "SQL under a backfill step with code=Reshape, which computes its values in C#", "remove the SQL, or remove code= to run the SQL instead" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill users\n", 3, "empty backfill step", "write one UPDATE, INSERT … SELECT or DELETE with {batch} in its WHERE clause, e.g. UPDATE users SET role = 'member' WHERE role IS NULL AND {batch};" },
        { "-- cutover:upp\nSELECT 1;", 1, "unknown directive '-- cutover:upp'", "-- cutover:up no-transaction" },
        { "-- cutover:up foo\nSELECT 1;", 1, "unknown directive '-- cutover:up foo'", "-- cutover:down no-transaction" },
        { "-- cutover:up\nSELECT 1;\n  -- cutover:down no-transaction now", 3, "unknown directive '-- cutover:down no-transaction now'", "irreversible <reason>" },
        { "-- cutover: up\nSELECT 1;", 1, "unknown directive '-- cutover: up'", "-- cutover:up" },
        { "-- Cutover:UP\nSELECT 1;", 1, "unknown directive '-- Cutover:UP'", "-- cutover:up" },
        { "-- cutover:up\nSELECT 1;\nSELECT 'oops;\n-- cutover:down\nSELECT 2;", 3, "unterminated string starting here", "stray quote" },
        { "-- cutover:up\n\nCREATE FUNCTION f() AS $fn$\nSELECT 1;\n-- cutover:down\nSELECT 2;", 3, "unterminated dollar quote $fn$ starting here", "$fn$" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Errors_name_the_file_and_line(string text, int line, string problem, string hint)
    {
        var error = ParseFails(text);
        Assert.Equal($"{Path}:{line}: {problem}", error.Message);
        Assert.Contains(hint, error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Errors_count_lines_of_crlf_files()
    {
        var error = ParseFails("-- cutover:up\r\nSELECT 1;\r\n\r\n-- cutover:upp\r\n");
        Assert.StartsWith($"{Path}:4: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseFileAsync_reads_utf8_files()
    {
        using var temp = new TempFolder();
        var path = temp.Write("20240102030405_add_roles.sql", "-- why: café\n-- cutover:up\nSELECT 'é';");
        var file = await MigrationFileParser.ParseFileAsync(path, SqlDialect.Sqlite, CancellationToken.None);
        Assert.Equal(path, file.Path);
        Assert.Equal("café", file.Metadata.Single().Value);
        Assert.Equal(MigrationChecksum.Compute(File.ReadAllText(path)), file.Checksum);
    }

    [Fact]
    public async Task ParseFileAsync_rejects_missing_and_non_utf8_files()
    {
        using var temp = new TempFolder();
        var missing = System.IO.Path.Combine(temp.Path, "20240102030405_gone.sql");
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => MigrationFileParser.ParseFileAsync(missing, SqlDialect.Sqlite, CancellationToken.None));
        Assert.Equal($"{missing}: migration file not found", error.Message);

        var latin1 = System.IO.Path.Combine(temp.Path, "20240102030405_latin.sql");
        await File.WriteAllBytesAsync(latin1, [.. "-- cutover:up\nSELECT '"u8, 0xE9, .. "';"u8]);
        error = await Assert.ThrowsAnyAsync<CutoverException>(() => MigrationFileParser.ParseFileAsync(latin1, SqlDialect.Sqlite, CancellationToken.None));
        Assert.Equal($"{latin1}:1: the file is not valid UTF-8", error.Message);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }
}
