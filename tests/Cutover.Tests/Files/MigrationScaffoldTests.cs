using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Tests.Files;

public sealed class MigrationScaffoldTests
{
    private static readonly DateTime Now = new(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Creates_the_folder_and_a_template_that_must_be_filled_in()
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "migrations");

        var path = MigrationScaffold.CreateMigration(folder, "add_roles", Now);

        Assert.Equal(Path.Combine(folder, "20240102030405_add_roles.sql"), path);
        var text = File.ReadAllText(path);
        Assert.StartsWith("-- why: <why this change is needed>\n-- test: <what to check after it runs>\n", text, StringComparison.Ordinal);
        Assert.Contains("\n-- cutover:up\n\n-- cutover:down\n", text, StringComparison.Ordinal);

        // The template's steps are empty (not even a comment, which would make a no-op step), so it cannot run
        // before someone writes it.
        var error = Assert.ThrowsAny<CutoverException>(() => MigrationFileParser.Parse(path, text, SqlDialect.Sqlite));
        Assert.Equal($"{path}:5: empty up step", error.Message);
        var upWritten = text.Replace("-- cutover:up\n", "-- cutover:up\nALTER TABLE users ADD COLUMN role text;\n", StringComparison.Ordinal);
        error = Assert.ThrowsAny<CutoverException>(() => MigrationFileParser.Parse(path, upWritten, SqlDialect.Sqlite));
        Assert.Equal($"{path}:8: empty down step", error.Message);
    }

    [Fact]
    public void Template_parses_once_both_steps_are_written()
    {
        using var temp = new TempFolder();
        var path = MigrationScaffold.CreateMigration(temp.Path, "add_roles", Now);
        var text = File.ReadAllText(path)
            .Replace("-- cutover:up\n", "-- cutover:up\nALTER TABLE users ADD COLUMN role text;\n", StringComparison.Ordinal)
            .Replace("-- cutover:down\n", "-- cutover:down\nALTER TABLE users DROP COLUMN role;\n", StringComparison.Ordinal);
        var file = MigrationFileParser.Parse(path, text, SqlDialect.Sqlite);
        Assert.Equal(["why", "test"], file.Metadata.Select(m => m.Key));
        Assert.Equal([StepKind.Up, StepKind.Down], file.Steps.Select(s => s.Kind));
    }

    [Fact]
    public void Bumps_the_id_a_second_at_a_time_while_it_is_taken()
    {
        using var temp = new TempFolder();
        var first = MigrationScaffold.CreateMigration(temp.Path, "one", Now);
        var second = MigrationScaffold.CreateMigration(temp.Path, "two", Now);
        var third = MigrationScaffold.CreateMigration(temp.Path, "three", Now);
        Assert.Equal("20240102030405_one.sql", Path.GetFileName(first));
        Assert.Equal("20240102030406_two.sql", Path.GetFileName(second));
        Assert.Equal("20240102030407_three.sql", Path.GetFileName(third));
    }

    [Theory]
    [InlineData("Add User Roles", "add_user_roles")]
    [InlineData("add-user--roles", "add_user_roles")]
    [InlineData("  AddUserRoles ", "add_user_roles")]
    [InlineData("v2_fix", "v2_fix")]
    public void Normalises_names(string name, string slug)
    {
        using var temp = new TempFolder();
        var path = MigrationScaffold.CreateMigration(temp.Path, name, Now);
        Assert.Equal($"20240102030405_{slug}.sql", Path.GetFileName(path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("---")]
    [InlineData("add/roles")]
    [InlineData("add.roles")]
    [InlineData("drop 'x'")]
    public void Rejects_bad_names_without_writing_anything(string name)
    {
        using var temp = new TempFolder();
        var folder = Path.Combine(temp.Path, "migrations");
        var error = Assert.ThrowsAny<CutoverException>(() => MigrationScaffold.CreateMigration(folder, name, Now));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Init_creates_config_and_migrations_folder()
    {
        using var temp = new TempFolder();
        var created = MigrationScaffold.Init(temp.Path, null);
        var config = Path.Combine(temp.Path, "cutover.json");
        Assert.Equal([Path.Combine(temp.Path, "migrations"), config, Path.Combine(temp.Path, ".gitignore")], created);
        Assert.True(Directory.Exists(Path.Combine(temp.Path, "migrations")));

        // The whole file, as people will read and edit it: indented, one setting a line, ending in a newline.
        Assert.Equal(
            "{\n  \"connection\": \"Data Source=app.db\",\n  \"migrations\": \"migrations\",\n  \"schemaFile\": \"schema.sql\"\n}\n",
            File.ReadAllText(config));
    }

    [Fact]
    public void Init_escapes_the_given_connection_string()
    {
        using var temp = new TempFolder();
        var connection = "Host=db;Password=\"q\\uo'te\";Username=a+b";
        MigrationScaffold.Init(temp.Path, connection);
        var text = File.ReadAllText(Path.Combine(temp.Path, "cutover.json"));
        using var json = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(connection, json.RootElement.GetProperty("connection").GetString());
        Assert.Contains("a+b", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_keeps_an_existing_migrations_folder_and_does_not_list_it()
    {
        using var temp = new TempFolder();
        var migrations = Directory.CreateDirectory(Path.Combine(temp.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(migrations, "20240101000000_keep.sql"), "-- cutover:up\nSELECT 1;");
        var created = MigrationScaffold.Init(temp.Path, null);
        Assert.Equal([Path.Combine(temp.Path, "cutover.json"), Path.Combine(temp.Path, ".gitignore")], created);
        Assert.True(File.Exists(Path.Combine(migrations, "20240101000000_keep.sql")));
    }

    [Fact]
    public void Init_refuses_an_existing_config_and_writes_nothing()
    {
        using var temp = new TempFolder();
        var config = temp.Write("cutover.json", "{\"connection\": \"mine\"}");
        var error = Assert.ThrowsAny<CutoverException>(() => MigrationScaffold.Init(temp.Path, "Data Source=other.db"));
        Assert.Equal($"{config}: already exists", error.Message);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal("{\"connection\": \"mine\"}", File.ReadAllText(config));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "migrations")));
    }
}
