using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Tests.Files;

public sealed class DownScriptTests
{
    private const string Path = "m/20240102030405_reshape.sql";

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void Renders_down_steps_in_file_order_and_round_trips(SqlDialect dialect)
    {
        var file = MigrationFileParser.Parse(Path, """
            -- why: reshape
            -- cutover:up
            CREATE TABLE a (x int);
            -- cutover:down
            -- drop it again
            DROP TABLE a;
            INSERT INTO log VALUES ('a;b');

            -- cutover:up
            CREATE TABLE b (y int);
            -- cutover:down no-transaction
            DROP TABLE b;
            """, dialect);

        var script = MigrationFileParser.DownScript(file);
        Assert.Equal(
            "-- cutover:down\n-- drop it again\nDROP TABLE a;\nINSERT INTO log VALUES ('a;b');\n" +
            "-- cutover:down no-transaction\nDROP TABLE b;\n",
            script);

        var stored = MigrationFileParser.ParseDownScript(file.Id, file.Name, script, dialect);
        Assert.Equal(file.Id, stored.Id);
        Assert.Equal(file.Name, stored.Name);
        Assert.Equal("history:20240102030405_reshape", stored.Path);
        Assert.Empty(stored.UpSteps);
        Assert.Null(stored.IrreversibleReason);
        Assert.Equal(file.DownSteps.Select(s => s.Kind), stored.DownSteps.Select(s => s.Kind));
        Assert.Equal(
            file.DownSteps.Select(s => s.Statements.Select(t => t.Text).ToList()),
            stored.DownSteps.Select(s => s.Statements.Select(t => t.Text).ToList()));
    }

    [Fact]
    public void Round_trips_a_sqlite_trigger_body()
    {
        var file = MigrationFileParser.Parse(Path, """
            -- cutover:up
            DROP TRIGGER t;
            -- cutover:down
            CREATE TRIGGER t AFTER INSERT ON a BEGIN
              UPDATE a SET y = CASE WHEN new.x > 0 THEN 1 END;
              DELETE FROM b;
            END;
            """, SqlDialect.Sqlite);
        var stored = MigrationFileParser.ParseDownScript(file.Id, file.Name, MigrationFileParser.DownScript(file), SqlDialect.Sqlite);
        Assert.Equal(file.DownSteps.Single().Statements.Single().Text, stored.DownSteps.Single().Statements.Single().Text);
    }

    [Fact]
    public void Renders_and_round_trips_irreversible()
    {
        var file = MigrationFileParser.Parse(Path, "-- cutover:up\nDROP TABLE a;\n-- cutover:irreversible the rows are deleted\n", SqlDialect.Postgres);
        var script = MigrationFileParser.DownScript(file);
        Assert.Equal("-- cutover:irreversible the rows are deleted\n", script);
        var stored = MigrationFileParser.ParseDownScript(file.Id, file.Name, script, SqlDialect.Postgres);
        Assert.Equal("the rows are deleted", stored.IrreversibleReason);
        Assert.Empty(stored.Steps);
    }

    [Fact]
    public void A_file_without_rollback_has_an_empty_script()
    {
        var file = MigrationFileParser.Parse(Path, "-- cutover:up\nSELECT 1;", SqlDialect.Postgres);
        Assert.Equal("", MigrationFileParser.DownScript(file));
        var stored = MigrationFileParser.ParseDownScript(file.Id, file.Name, "", SqlDialect.Postgres);
        Assert.Empty(stored.Steps);
        Assert.Null(stored.IrreversibleReason);
    }

    [Fact]
    public void A_stored_script_with_an_up_step_is_bad_input_naming_the_history_record()
    {
        var error = Assert.ThrowsAny<CutoverException>(() => MigrationFileParser.ParseDownScript(
            "20240102030405", "reshape", "-- cutover:down\nSELECT 1;\n-- cutover:up\nSELECT 2;\n", SqlDialect.Postgres));
        Assert.Equal("history:20240102030405_reshape:3: '-- cutover:up' in a stored down script", error.Message);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }

    [Fact]
    public void A_broken_stored_script_names_the_history_record()
    {
        var error = Assert.ThrowsAny<CutoverException>(() => MigrationFileParser.ParseDownScript(
            "20240102030405", "reshape", "-- cutover:down\n\nSELECT 'x;\n", SqlDialect.Sqlite));
        Assert.Equal("history:20240102030405_reshape:3: unterminated string starting here", error.Message);
    }
}
