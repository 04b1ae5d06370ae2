using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Tests.Files;

public sealed class MigrationFolderTests
{
    private const string Body = "-- cutover:up\nSELECT 1;\n";

    private static Task<IReadOnlyList<MigrationFile>> Load(string folder) =>
        MigrationFolder.LoadAsync(folder, SqlDialect.Sqlite, CancellationToken.None);

    [Fact]
    public async Task Loads_sql_files_sorted_by_id_and_ignores_other_files()
    {
        using var temp = new TempFolder();
        temp.Write("20240301000000_third.sql", Body);
        temp.Write("20240101000000_first.sql", Body);
        temp.Write("20240201000000_second.sql", Body);
        temp.Write("cutover.sum", "not sql");
        temp.Write("README.md", "# notes");
        temp.Write("20240401000000_draft.sql.bak", "garbage");
        Directory.CreateDirectory(Path.Combine(temp.Path, "archive"));
        temp.Write("archive/20230101000000_old.sql", "garbage");

        var files = await Load(temp.Path);

        Assert.Equal(["first", "second", "third"], files.Select(f => f.Name));
        Assert.Equal(Path.Combine(temp.Path, "20240101000000_first.sql"), files[0].Path);
    }

    [Fact]
    public async Task An_empty_folder_has_no_migrations()
    {
        using var temp = new TempFolder();
        Assert.Empty(await Load(temp.Path));
    }

    [Fact]
    public async Task A_missing_folder_is_bad_input()
    {
        using var temp = new TempFolder();
        var missing = Path.Combine(temp.Path, "migrations");
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => Load(missing));
        Assert.Equal($"MigrationsFolder {missing}: migrations folder not found", error.Message);
        Assert.Equal("check --migrations, CUTOVER_MIGRATIONS or \"migrations\" in cutover.json, or run `cutover init`", error.Hint);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }

    [Fact]
    public async Task Duplicate_ids_are_bad_input_on_the_second_file()
    {
        using var temp = new TempFolder();
        temp.Write("20240101000000_add_roles.sql", Body);
        temp.Write("20240101000000_add_teams.sql", Body);
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => Load(temp.Path));
        Assert.Equal(
            $"{Path.Combine(temp.Path, "20240101000000_add_teams.sql")}:1: duplicate migration id 20240101000000 (also 20240101000000_add_roles.sql)",
            error.Message);
        Assert.Equal("re-timestamp one with `cutover new`", error.Hint);
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }

    [Fact]
    public async Task The_first_bad_file_in_name_order_is_reported()
    {
        using var temp = new TempFolder();
        temp.Write("20240101000000_good.sql", Body);
        temp.Write("20240301000000_also_bad.sql", "SELECT 1;");
        temp.Write("20240201000000_bad.sql", Body + "-- cutover:upp\n");
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => Load(temp.Path));
        Assert.Equal($"{Path.Combine(temp.Path, "20240201000000_bad.sql")}:3: unknown directive '-- cutover:upp'", error.Message);
    }

    [Fact]
    public async Task Upper_case_extension_is_reported_not_skipped()
    {
        using var temp = new TempFolder();
        temp.Write("20240101000000_shout.SQL", Body);
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => Load(temp.Path));
        Assert.StartsWith($"{Path.Combine(temp.Path, "20240101000000_shout.SQL")}:1: bad migration file name", error.Message, StringComparison.Ordinal);
    }
}
