using Cutover.Files;

namespace Cutover.Tests.Files;

public sealed class MigrationRenameTests : IDisposable
{
    private const string Text = "-- cutover:up\nSELECT 1;\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_new_id_is_now_and_the_name_and_content_stay()
    {
        var old = _folder.Write("20260101000000_add_roles.sql", "-- why: roles\n" + Text);
        _folder.Write("20260102000000_orders.sql", Text);

        var renamed = MigrationRename.ToNewId(_folder.Path, "20260101000000_add_roles.sql", new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));

        Assert.Equal(new RenamedMigration(old, Path.Combine(_folder.Path, "20260304050607_add_roles.sql")), renamed);
        Assert.False(File.Exists(old));
        Assert.Equal("-- why: roles\n" + Text, File.ReadAllText(renamed.NewPath));
    }

    [Fact]
    public void When_the_clock_is_not_ahead_of_the_newest_id_the_new_id_is_one_second_after_it()
    {
        _folder.Write("20260101000000_add_roles.sql", Text);
        _folder.Write("20261231235959_orders.sql", Text);

        var renamed = MigrationRename.ToNewId(_folder.Path, "20260101000000", new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal("20270101000000_add_roles.sql", Path.GetFileName(renamed.NewPath));
    }

    [Fact]
    public void A_rename_in_the_same_second_as_the_newest_id_gets_the_second_after_it()
    {
        _folder.Write("20260101000000_add_roles.sql", Text);
        _folder.Write("20260601000000_orders.sql", Text);

        var renamed = MigrationRename.ToNewId(_folder.Path, "20260101000000", new DateTime(2026, 6, 1, 0, 0, 0, DateTimeKind.Utc));

        Assert.Equal("20260601000001_add_roles.sql", Path.GetFileName(renamed.NewPath));
    }

    [Fact]
    public void A_full_path_in_the_folder_is_accepted()
    {
        var old = _folder.Write("20260101000000_add_roles.sql", Text);

        var renamed = MigrationRename.ToNewId(_folder.Path, old, new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));

        Assert.Equal("20260304050607_add_roles.sql", Path.GetFileName(renamed.NewPath));
    }

    [Fact]
    public void A_path_relative_to_the_working_directory_is_accepted()
    {
        // What `cutover rename migrations/<file>` passes: resolved against the working directory, not the folder.
        // The folder sits below the working directory so that the relative path does not climb to the root
        // (where a wrong resolution would land on the same file by accident).
        var folder = Directory.CreateDirectory(Path.Combine(Environment.CurrentDirectory, "rename-" + Guid.NewGuid().ToString("N"), "migrations"));
        try
        {
            var old = Path.Combine(folder.FullName, "20260101000000_add_roles.sql");
            File.WriteAllText(old, Text);
            var relative = Path.GetRelativePath(Environment.CurrentDirectory, old);

            var renamed = MigrationRename.ToNewId(folder.FullName, relative, new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));

            Assert.Equal(Path.Combine(folder.FullName, "20260304050607_add_roles.sql"), renamed.NewPath);
        }
        finally
        {
            folder.Parent!.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_missing_folder_is_bad_input()
    {
        var missing = Path.Combine(_folder.Path, "nope");
        var error = Assert.ThrowsAny<CutoverException>(() => MigrationRename.ToNewId(missing, "20260101000000", DateTime.UtcNow));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal($"MigrationsFolder {missing}: migrations folder not found", error.Message);
    }

    [Theory]
    [InlineData("20260109000000", "no migration with id 20260109000000")]
    [InlineData("abcdefghij.sql", "abcdefghij.sql: no such migration file")]
    [InlineData("20260101000000", "2 migrations have id 20260101000000: 20260101000000_a.sql, 20260101000000_b.sql")]
    [InlineData("nope.sql", "nope.sql: no such migration file")]
    [InlineData("/elsewhere/20260101000000_a.sql", "not in the migrations folder")]
    [InlineData("notes.sql", "bad migration file name 'notes.sql'")]
    public void What_is_not_one_migration_in_the_folder_is_bad_input_and_nothing_moves(string fileOrId, string expected)
    {
        _folder.Write("20260101000000_a.sql", Text);
        _folder.Write("20260101000000_b.sql", Text);
        _folder.Write("notes.sql", Text);
        var before = Directory.GetFiles(_folder.Path).Order().ToList();

        var error = Assert.ThrowsAny<CutoverException>(() => MigrationRename.ToNewId(_folder.Path, fileOrId, DateTime.UtcNow));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains(expected, error.Message);
        Assert.NotNull(error.Hint);
        Assert.Equal(before, Directory.GetFiles(_folder.Path).Order());
    }
}
