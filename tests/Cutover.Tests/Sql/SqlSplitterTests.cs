using Cutover.Sql;

namespace Cutover.Tests.Sql;

public sealed class SqlSplitterTests
{
    private static string[] Texts(string sql, SqlDialect dialect) =>
        SqlSplitter.Split(sql, dialect).Select(s => s.Text).ToArray();

    private static CutoverException SplitFails(string sql, SqlDialect dialect, string path = "m.sql", int firstLine = 1) =>
        Assert.ThrowsAny<CutoverException>(() => SqlSplitter.Split(sql, dialect, path, firstLine));

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Splits_at_top_level_semicolons_and_trims(SqlDialect dialect)
    {
        Assert.Equal(["CREATE TABLE a (x int)", "INSERT INTO a VALUES (1)"],
            Texts("  CREATE TABLE a (x int) ;\n\nINSERT INTO a VALUES (1);\n", dialect));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Last_statement_needs_no_semicolon_and_empty_statements_are_dropped(SqlDialect dialect)
    {
        Assert.Equal(["SELECT 1", "SELECT 2"], Texts(";;SELECT 1;;\n;SELECT 2", dialect));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Semicolons_in_strings_and_quoted_identifiers_do_not_split(SqlDialect dialect)
    {
        var sql = "INSERT INTO \"a;b\"\"c\" VALUES ('x;y', 'it''s; fine');SELECT 2";
        Assert.Equal(["INSERT INTO \"a;b\"\"c\" VALUES ('x;y', 'it''s; fine')", "SELECT 2"], Texts(sql, dialect));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Semicolons_in_comments_do_not_split(SqlDialect dialect)
    {
        var sql = "SELECT 1 -- not; here\n/* nor; here */ + 1;\nSELECT 2;";
        Assert.Equal(["SELECT 1 -- not; here\n/* nor; here */ + 1", "SELECT 2"], Texts(sql, dialect));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Comment_only_statements_and_a_trailing_comment_are_not_statements(SqlDialect dialect)
    {
        var statements = SqlSplitter.Split("-- only a comment;\n/* another; */\nSELECT 1;\n-- trailing\n", dialect);
        var statement = Assert.Single(statements);
        Assert.Equal("-- only a comment;\n/* another; */\nSELECT 1", statement.Text);
        Assert.Equal(3, statement.Line);
        Assert.Empty(SqlSplitter.Split("-- nothing\n/* at all */ ; ", dialect));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void A_comment_after_a_semicolon_on_the_same_line_stays_with_the_statement_before(SqlDialect dialect)
    {
        var statements = SqlSplitter.Split("SELECT 1; -- about one\n-- about two\nSELECT 2;", dialect);
        Assert.Equal(["SELECT 1", "-- about two\nSELECT 2"], statements.Select(s => s.Text));
    }

    [Fact]
    public void Lines_are_those_of_the_first_token_offset_by_first_line()
    {
        var sql = "\n-- leading comment\n\n  SELECT 1;\nSELECT\n 2; SELECT 3;\n/* c\n */ SELECT 4";
        var statements = SqlSplitter.Split(sql, SqlDialect.Postgres, "m.sql", firstLine: 10);
        Assert.Equal([13, 14, 15, 17], statements.Select(s => s.Line));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Crlf_and_lone_cr_line_endings_count_lines(SqlDialect dialect)
    {
        var statements = SqlSplitter.Split("SELECT 1;\r\n\r\nSELECT 'a;\r\nb';\rSELECT 3;\r\n", dialect);
        Assert.Equal([1, 3, 5], statements.Select(s => s.Line));
        Assert.Equal("SELECT 'a;\r\nb'", statements[1].Text);
    }

    [Fact]
    public void Postgres_escape_strings_take_backslash_escapes()
    {
        Assert.Equal(["SELECT E'it\\'s; here'", "SELECT e'\\\\'", "SELECT 3"],
            Texts("SELECT E'it\\'s; here'; SELECT e'\\\\'; SELECT 3", SqlDialect.Postgres));
    }

    [Fact]
    public void Postgres_plain_strings_do_not_take_backslash_escapes()
    {
        // standard_conforming_strings: 'a\' is a complete string holding a backslash.
        Assert.Equal(["SELECT 'a\\'", "SELECT 2"], Texts("SELECT 'a\\'; SELECT 2", SqlDialect.Postgres));
    }

    [Fact]
    public void Sqlite_has_no_escape_strings()
    {
        // In SQLite, E is just a word and '\' is a complete string.
        Assert.Equal(["SELECT E'\\'", "SELECT 2"], Texts("SELECT E'\\'; SELECT 2", SqlDialect.Sqlite));
    }

    [Fact]
    public void Postgres_unicode_strings_and_identifiers()
    {
        Assert.Equal(["SELECT U&'d\\0061t;a' AS U&\"x;y\"", "SELECT 2"],
            Texts("SELECT U&'d\\0061t;a' AS U&\"x;y\"; SELECT 2", SqlDialect.Postgres));
    }

    [Fact]
    public void Postgres_dollar_quotes_with_and_without_tags()
    {
        var sql = "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n" +
                  "CREATE FUNCTION g() RETURNS int AS $body$ BEGIN RETURN 1; END; $body$ LANGUAGE plpgsql;\n" +
                  "SELECT 3";
        var statements = Texts(sql, SqlDialect.Postgres);
        Assert.Equal(3, statements.Length);
        Assert.EndsWith("$body$ LANGUAGE plpgsql", statements[1]);
    }

    [Fact]
    public void Postgres_dollar_quotes_nest_when_tags_differ()
    {
        var sql = "DO $outer$ BEGIN EXECUTE $inner$ SELECT 1; $$ not the end; $inner$; END $outer$; SELECT 2";
        Assert.Equal(["DO $outer$ BEGIN EXECUTE $inner$ SELECT 1; $$ not the end; $inner$; END $outer$", "SELECT 2"],
            Texts(sql, SqlDialect.Postgres));
    }

    [Fact]
    public void Postgres_positional_parameters_are_not_dollar_quotes()
    {
        Assert.Equal(["SELECT $1, $2", "SELECT 3"], Texts("SELECT $1, $2; SELECT 3", SqlDialect.Postgres));
        var tokens = SqlLexer.Tokenize("$1 $a$x$a$ a$b", SqlDialect.Postgres).Where(t => t.IsSignificant).ToList();
        Assert.Equal([SqlTokenKind.Parameter, SqlTokenKind.String, SqlTokenKind.Word], tokens.Select(t => t.Kind));
        Assert.Equal("a$b", tokens[2].Text);
    }

    [Fact]
    public void Postgres_block_comments_nest()
    {
        Assert.Equal(["SELECT 1 /* a /* b; */ still; comment */", "SELECT 2"],
            Texts("SELECT 1 /* a /* b; */ still; comment */; SELECT 2", SqlDialect.Postgres));
    }

    [Fact]
    public void Sqlite_block_comments_do_not_nest()
    {
        // SQLite ends the comment at the first */, so "still" is SQL and the ; after it splits.
        Assert.Equal(["SELECT 1 /* a /* b; */ still", "comment */", "SELECT 2"],
            Texts("SELECT 1 /* a /* b; */ still; comment */; SELECT 2", SqlDialect.Sqlite));
    }

    [Fact]
    public void Sqlite_bracket_and_backtick_identifiers()
    {
        Assert.Equal(["SELECT [a;b], `c;``d`", "SELECT 2"], Texts("SELECT [a;b], `c;``d`; SELECT 2", SqlDialect.Sqlite));
        var kinds = SqlLexer.Tokenize("[a;b] `c`", SqlDialect.Sqlite).Where(t => t.IsSignificant).Select(t => t.Kind);
        Assert.Equal([SqlTokenKind.QuotedIdentifier, SqlTokenKind.QuotedIdentifier], kinds);
    }

    [Fact]
    public void Postgres_brackets_are_array_subscripts_not_identifiers()
    {
        Assert.Equal(["SELECT a[1]", "SELECT 2"], Texts("SELECT a[1]; SELECT 2", SqlDialect.Postgres));
    }

    [Fact]
    public void Sqlite_trigger_body_is_one_statement()
    {
        var sql = """
            CREATE TRIGGER audit AFTER UPDATE ON users
            BEGIN
              INSERT INTO log VALUES (new.id, 'updated; really');
              UPDATE users SET n = n + 1 WHERE id = new.id;
            END;
            INSERT INTO users VALUES (1);
            """;
        var statements = SqlSplitter.Split(sql, SqlDialect.Sqlite);
        Assert.Equal(2, statements.Count);
        Assert.StartsWith("CREATE TRIGGER audit", statements[0].Text);
        Assert.EndsWith("END", statements[0].Text);
        Assert.Equal(6, statements[1].Line);
    }

    [Theory]
    [InlineData("CREATE TEMP TRIGGER")]
    [InlineData("CREATE TEMPORARY TRIGGER")]
    [InlineData("create trigger if not exists")]
    public void Sqlite_trigger_variants_keep_their_body(string create)
    {
        var sql = $"{create} t BEFORE DELETE ON a BEGIN DELETE FROM b; DELETE FROM c; END; SELECT 2";
        Assert.Equal(2, SqlSplitter.Split(sql, SqlDialect.Sqlite).Count);
    }

    [Fact]
    public void Sqlite_case_inside_a_trigger_body_does_not_close_it()
    {
        var sql = "CREATE TRIGGER t AFTER INSERT ON a WHEN CASE WHEN new.x > 0 THEN 1 END BEGIN " +
                  "UPDATE a SET y = CASE WHEN new.x > 1 THEN 'big' ELSE 'small' END WHERE id = new.id; " +
                  "INSERT INTO b VALUES (CASE new.x WHEN 1 THEN 'one' END); " +
                  "DELETE FROM c; END; SELECT 2";
        var statements = Texts(sql, SqlDialect.Sqlite);
        Assert.Equal(2, statements.Length);
        Assert.EndsWith("DELETE FROM c; END", statements[0]);
        Assert.Equal("SELECT 2", statements[1]);
    }

    [Fact]
    public void Sqlite_transaction_begin_and_end_are_ordinary_statements()
    {
        Assert.Equal(["BEGIN", "CREATE TABLE a (x)", "END", "BEGIN TRANSACTION", "COMMIT"],
            Texts("BEGIN; CREATE TABLE a (x); END; BEGIN TRANSACTION; COMMIT;", SqlDialect.Sqlite));
    }

    [Fact]
    public void Sqlite_trigger_words_in_strings_or_identifiers_do_not_count()
    {
        Assert.Equal(["CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 'END'; SELECT \"end\"; END", "SELECT 2"],
            Texts("CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 'END'; SELECT \"end\"; END; SELECT 2", SqlDialect.Sqlite));
    }

    [Fact]
    public void Postgres_begin_atomic_function_body_is_one_statement()
    {
        var sql = "CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC " +
                  "SELECT CASE WHEN x > 0 THEN 1 END; SELECT 2; END; BEGIN; SELECT 3";
        Assert.Equal(["CREATE OR REPLACE FUNCTION f(x int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN x > 0 THEN 1 END; SELECT 2; END",
            "BEGIN", "SELECT 3"], Texts(sql, SqlDialect.Postgres));
    }

    [Fact]
    public void Postgres_trigger_has_no_body_to_track()
    {
        // Unlike SQLite, a PostgreSQL CREATE TRIGGER ends at its first top-level semicolon.
        Assert.Equal(2, SqlSplitter.Split("CREATE TRIGGER t BEFORE INSERT ON a FOR EACH ROW EXECUTE FUNCTION f(); SELECT 2", SqlDialect.Postgres).Count);
    }

    public static TheoryData<SqlDialect, string, int, string> Unterminated => new()
    {
        { SqlDialect.Sqlite, "SELECT 1;\nSELECT 'abc;\nSELECT 2;", 2, "unterminated string starting here" },
        { SqlDialect.Postgres, "SELECT 1;\nSELECT 'abc;\nSELECT 2;", 2, "unterminated string starting here" },
        { SqlDialect.Postgres, "SELECT E'ab\\';", 1, "unterminated string starting here" },
        { SqlDialect.Sqlite, "\n\nSELECT \"abc;", 3, "unterminated quoted identifier starting here" },
        { SqlDialect.Postgres, "SELECT 1;\n\nSELECT $fn$ body; $fn;", 3, "unterminated dollar quote $fn$ starting here" },
        { SqlDialect.Postgres, "SELECT $$ body;", 1, "unterminated dollar quote $$ starting here" },
        { SqlDialect.Postgres, "SELECT 1 /* a /* b */\n;", 1, "unterminated block comment starting here" },
        { SqlDialect.Sqlite, "SELECT 1;\n/* a", 2, "unterminated block comment starting here" },
        { SqlDialect.Sqlite, "SELECT [abc;", 1, "unterminated bracket identifier starting here" },
        { SqlDialect.Sqlite, "SELECT `abc;", 1, "unterminated backtick identifier starting here" },
    };

    [Theory]
    [MemberData(nameof(Unterminated))]
    public void Unterminated_tokens_are_bad_input_at_the_line_where_they_start(SqlDialect dialect, string sql, int line, string what)
    {
        var error = SplitFails(sql, dialect, "m.sql", firstLine: 5);
        Assert.Equal($"m.sql:{line + 4}: {what}", error.Message);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
    }

    [Fact]
    public void Sqlite_nested_comment_is_not_unterminated_after_first_close()
    {
        // The same text is an error on PostgreSQL, where the inner /* must be closed too.
        Assert.Single(SqlSplitter.Split("SELECT 1 /* a /* b */", SqlDialect.Sqlite));
        SplitFails("SELECT 1 /* a /* b */", SqlDialect.Postgres);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Tokens_concatenate_back_to_the_input(SqlDialect dialect)
    {
        var sql = "SELECT a.b, 1.5e-3, 'x''y', \"q\"\"r\" -- c\r\n/* d */ FROM t WHERE x >= ?1;";
        Assert.Equal(sql, string.Concat(SqlLexer.Tokenize(sql, dialect).Select(t => t.Text)));
    }

    [Fact]
    public void Lexer_reports_kinds_and_lines()
    {
        var tokens = SqlLexer.Tokenize("SELECT 12 -- c\n's' \"i\" ;", SqlDialect.Postgres).ToList();
        Assert.Equal(
            [SqlTokenKind.Word, SqlTokenKind.Whitespace, SqlTokenKind.Number, SqlTokenKind.Whitespace, SqlTokenKind.Comment,
             SqlTokenKind.Whitespace, SqlTokenKind.String, SqlTokenKind.Whitespace, SqlTokenKind.QuotedIdentifier,
             SqlTokenKind.Whitespace, SqlTokenKind.Punct],
            tokens.Select(t => t.Kind));
        Assert.Equal([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2], tokens.Select(t => t.Line));
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Sqlite_style_parameters(SqlDialect dialect)
    {
        var kinds = SqlLexer.Tokenize(":name @name ?1", SqlDialect.Sqlite).Where(t => t.IsSignificant).Select(t => t.Kind);
        Assert.All(kinds, k => Assert.Equal(SqlTokenKind.Parameter, k));
        // Casts are not parameters on PostgreSQL.
        Assert.Equal(["SELECT x::int"], Texts("SELECT x::int", dialect));
    }
}
