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
        // PostgreSQL has no trigger bodies: the splitter ends statements at each ';' (and the parser then refuses
        // the lone END as transaction control).
        Assert.Equal(4, SqlSplitter.Split(trigger, SqlDialect.Postgres).Count);
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
        { "-- cutover:up\nSELECT 1;\n-- cutover:up\n\n", 3, "empty up step", "write the change" },
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
        // Transaction control: refused in every step, before anything runs (issue 12, item 1).
        { "-- cutover:up\nCREATE TABLE x1(id int);\nCOMMIT;\nCREATE TABLE x2(id int);\n-- cutover:down\nDROP TABLE x2;", 3, "COMMIT in a '-- cutover:up' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it: the step is already one transaction" },
        { "-- cutover:up\nbegin transaction;\nCREATE TABLE x1(id int);\n-- cutover:down\nDROP TABLE x1;", 2, "BEGIN in a '-- cutover:up' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:down\nDROP TABLE x1;\n  /* undo */ ROLLBACK;", 5, "ROLLBACK in a '-- cutover:down' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it" },
        { "-- cutover:up no-transaction\nCREATE INDEX CONCURRENTLY i ON t (a);\nEND;", 3, "END in a '-- cutover:up no-transaction' step: Cutover commits each statement of a no-transaction step on its own and records progress after it", "each statement is already committed on its own" },
        { "-- cutover:up\nSAVEPOINT s;\nSELECT 1;", 2, "SAVEPOINT in a '-- cutover:up' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it" },
        { "-- cutover:up\nSELECT 1;\nRELEASE SAVEPOINT s;", 3, "RELEASE in a '-- cutover:up' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it" },
        { "-- cutover:up\nSTART TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nSELECT 1;", 2, "START TRANSACTION in a '-- cutover:up' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it" },
        { "-- cutover:up\nSELECT 1;\nABORT;", 3, "ABORT in a '-- cutover:up' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it" },
        { "-- cutover:up\nSELECT 1;\nCOMMIT AND CHAIN;", 3, "COMMIT in a '-- cutover:up' step: Cutover runs the step in one transaction and commits it with the migration's history row", "remove it" },
        // A NUL byte anywhere (issue 12, item 2): drivers end the SQL there, and SQLite then waited forever.
        { "-- cutover:up\nCREATE TABLE a(id int);\n\0\0\0", 3, "NUL byte (\\0) in the file", "save the file as UTF-8 text" },
        { "-- cutover:up\n-- a comment \0\nCREATE TABLE a(id int);", 2, "NUL byte (\\0) in the file", "remove it" },
        { "-- why: x\n-- cutover:up\nCREATE TABLE a(id int)\0;", 3, "NUL byte (\\0) in the file", "remove it" },
        { "-- cutover:up\r\nSELECT 1;\r\nSELECT '\0';", 3, "NUL byte (\\0) in the file", "remove it" },
        // {batch} is found with the lexer: exactly one, outside literals and comments (item 5).
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items\nUPDATE items SET n = n + 1\nWHERE id > 0 AND '{batch}' = '{batch}';", 5, "the backfill statement's {batch} placeholder is inside a string or comment, where it is not replaced", "write AND {batch} in its WHERE clause itself" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items\nUPDATE items SET n = 1 WHERE id > 0 -- AND {batch}\n;", 4, "the backfill statement's {batch} placeholder is inside a string or comment, where it is not replaced", "write AND {batch}" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items\nUPDATE items SET n = 1 WHERE $$ {batch} $$ <> '' /* {batch} */", 4, "the backfill statement's {batch} placeholder is inside a string or comment, where it is not replaced", "write AND {batch}" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items\nUPDATE items SET n = 1\nWHERE {batch}\nAND {batch:i};", 6, "the backfill statement has 2 {batch} placeholders; it takes exactly one", "keep the one in the WHERE clause" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items\n-- note: {batch} below\n\nUPDATE items SET n = 1 WHERE id > 0;", 4, "the backfill statement's {batch} placeholder is inside a string or comment, where it is not replaced", "write AND {batch}" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items\n-- first comment\n\nUPDATE items SET n = 1\nWHERE {batch}\nAND {batch:i};", 8, "the backfill statement has 2 {batch} placeholders; it takes exactly one", "keep the one in the WHERE clause" },
        // Duplicate directive options (item 5).
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items batch=10 batch=20\nUPDATE items SET n = 1 WHERE {batch};", 3, "backfill option batch= given twice (batch=10 and batch=20)", "keep one of them" },
        { "-- cutover:up\nSELECT 1;\n-- cutover:backfill items key=id pause=5 key=id\nUPDATE items SET n = 1 WHERE {batch};", 3, "backfill option key= given twice (key=id and key=id)", "keep one of them" },
        // A backfill after a down step used to become an up step that ran after the rollback's DDL (item 6).
        { "-- cutover:up\nALTER TABLE items ADD COLUMN n int;\n-- cutover:down\nALTER TABLE items DROP COLUMN n;\n-- cutover:backfill items\nUPDATE items SET n = 1 WHERE {batch};", 5, "backfill step after the down step on line 3: backfill steps belong to the up direction", "move it above the first -- cutover:down line" },
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

    [Theory]
    [InlineData(SqlDialect.Postgres)]
    [InlineData(SqlDialect.Sqlite)]
    public void Transaction_control_is_refused_on_both_engines_with_its_own_error_type(SqlDialect dialect)
    {
        var error = Assert.ThrowsAny<InvalidFileException>(() => Parse("-- cutover:up\nCREATE TABLE x1(id int);\nCOMMIT;\n-- cutover:down\nDROP TABLE x1;", dialect));
        Assert.IsType<TransactionControlException>(error);
        Assert.Equal((Path, (int?)3), (error.Path, error.Line));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }

    [Fact]
    public void Transaction_words_inside_bodies_literals_and_names_are_not_transaction_control()
    {
        var postgres = Parse("""
            -- cutover:up
            CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ BEGIN INSERT INTO t VALUES (1); COMMIT; END $$;
            DO $$ BEGIN PERFORM 1; END $$;
            CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
            SELECT 'COMMIT', "begin" FROM t; -- ROLLBACK
            -- cutover:down
            DROP PROCEDURE p;
            """);
        Assert.Equal(4, postgres.UpSteps.Single().Statements.Count);

        var sqlite = Parse("""
            -- cutover:up
            CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET n = 1; END;
            SELECT [commit] FROM t;
            -- cutover:down
            DROP TRIGGER tr;
            """, SqlDialect.Sqlite);
        Assert.Equal(2, sqlite.UpSteps.Single().Statements.Count);
    }

    [Fact]
    public void A_step_that_holds_only_comments_is_a_no_op_step_and_its_down_script_round_trips()
    {
        var file = Parse("""
            -- cutover:up
            -- nothing to do on PostgreSQL: the SQLite migration of the same release rebuilds the table
            -- cutover:down
            /* nothing to undo */
            """);

        Assert.Equal([0, 0], file.Steps.Select(s => s.Statements.Count));
        var script = MigrationFileParser.DownScript(file);
        Assert.Equal("-- cutover:down\n/* nothing to undo */\n", script);
        var stored = MigrationFileParser.ParseDownScript(file.Id, file.Name, script, SqlDialect.Postgres);
        Assert.Empty(stored.DownSteps.Single().Statements);
    }

    [Fact]
    public void A_lone_cr_inside_a_literal_is_kept_while_line_endings_become_lf()
    {
        var text = "-- cutover:up\rINSERT INTO t VALUES ('a\rb', 'c\r\nd', \"e\rf\");\r\nSELECT 1;\r-- cutover:down\rDELETE FROM t;";

        foreach (var dialect in new[] { SqlDialect.Postgres, SqlDialect.Sqlite })
        {
            var file = Parse(text, dialect);
            var up = file.UpSteps.Single();
            // CRLF is a line ending even inside a literal (a Windows checkout writes it there); a lone CR is a byte of the value.
            Assert.Equal(["INSERT INTO t VALUES ('a\rb', 'c\nd', \"e\rf\")", "SELECT 1"], up.Statements.Select(s => s.Text));
            // Lines are counted as the parser counts them: the CRLF in the literal is a line, the lone CR is not.
            Assert.Equal([2, 4], up.Statements.Select(s => s.Line));
            Assert.Equal(5, file.DownSteps.Single().Line);
        }
        // The checksum is unchanged from before (it does not know the engine): line endings normalised everywhere.
        Assert.Equal(MigrationChecksum.Compute(text.Replace("\r\n", "\n").Replace('\r', '\n')), Parse(text).Checksum);
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
