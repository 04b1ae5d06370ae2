using System.Security.Cryptography;
using System.Text;
using Cutover.Checking;
using Cutover.Files;
using Cutover.Tests.Files;

namespace Cutover.Tests.Checking;

/// <summary>The cutover.sum format, what writing it reports, and every finding comparing it with the folder can give.</summary>
public sealed class SumFileTests : IDisposable
{
    private const string Users = "-- cutover:up\nCREATE TABLE users (id integer);\n";
    private const string Orders = "-- cutover:up\nCREATE TABLE orders (id integer);\n";
    private const string Tags = "-- cutover:up\nCREATE TABLE tags (id integer);\n";

    private readonly TempFolder _folder = new();

    private string SumPath => Path.Combine(_folder.Path, "cutover.sum");

    public void Dispose() => _folder.Dispose();

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private Task<SumUpdate> WriteAsync() => SumFile.WriteAsync(_folder.Path, CancellationToken.None);

    private Task<IReadOnlyList<CheckFinding>> CheckAsync() => SumFile.CheckAsync(_folder.Path, CancellationToken.None);

    private void WriteThree()
    {
        _folder.Write("20260101000000_users.sql", Users);
        _folder.Write("20260102000000_orders.sql", Orders);
        _folder.Write("20260103000000_tags.sql", Tags);
    }

    [Fact]
    public async Task The_file_is_a_header_hashing_the_rest_then_one_line_per_migration_in_ordinal_name_order()
    {
        _folder.Write("20260102000000_orders.sql", Orders);
        _folder.Write("20260101000000_users.sql", Users);
        _folder.Write("20260101000000_Users.sql", Users);   // a bad name: not listed
        _folder.Write("notes.txt", "not a migration");

        var update = await WriteAsync();

        var body = $"20260101000000_users.sql {MigrationChecksum.Compute(Users)}\n20260102000000_orders.sql {MigrationChecksum.Compute(Orders)}";
        Assert.Equal($"cutover-sum v1 {Sha256(body)}\n{body}\n", File.ReadAllText(SumPath));
        Assert.Equal(await SumFile.ExpectedTextAsync(_folder.Path, CancellationToken.None), File.ReadAllText(SumPath));
        Assert.Equal(SumPath, update.Path);
        Assert.True(update.Written);
        Assert.Equal(2, update.Migrations);
        Assert.Equal(["20260101000000_users.sql", "20260102000000_orders.sql"], update.Added);
        Assert.Equal([Path.Combine(_folder.Path, "20260101000000_Users.sql")], update.Skipped);
    }

    [Fact]
    public async Task An_empty_folder_has_a_header_only_sum_and_needs_none()
    {
        Assert.Empty(await CheckAsync());

        await WriteAsync();

        Assert.Equal($"cutover-sum v1 {Sha256("")}\n", File.ReadAllText(SumPath));
        Assert.Empty(await CheckAsync());
    }

    [Fact]
    public async Task An_up_to_date_sum_has_no_finding_and_is_not_rewritten()
    {
        WriteThree();
        await WriteAsync();
        var written = File.GetLastWriteTimeUtc(SumPath);
        File.SetLastWriteTimeUtc(SumPath, written.AddMinutes(-1));

        Assert.Empty(await CheckAsync());
        var again = await WriteAsync();

        Assert.False(again.Written);
        Assert.Empty(again.Added);
        Assert.Equal(written.AddMinutes(-1), File.GetLastWriteTimeUtc(SumPath));
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, "*.tmp"));
        Assert.Empty(Directory.EnumerateFiles(_folder.Path, ".cutover.sum*"));
    }

    [Fact]
    public async Task Migrations_without_a_sum_are_sum_missing()
    {
        WriteThree();

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("sum-missing", Severity.Error, SumPath, 1), (finding.RuleId, finding.Severity, finding.File, finding.Line));
        Assert.Contains("`cutover sum`", finding.Fix);
    }

    [Fact]
    public async Task Each_added_edited_and_removed_file_is_named_with_its_line_in_the_sum()
    {
        WriteThree();
        await WriteAsync();
        var added = _folder.Write("20260104000000_roles.sql", Tags);
        _folder.Write("20260102000000_orders.sql", Orders + "CREATE INDEX orders_id ON orders (id);\n");
        File.Delete(Path.Combine(_folder.Path, "20260103000000_tags.sql"));

        var findings = await CheckAsync();

        Assert.All(findings, f => Assert.Equal(("sum-out-of-date", Severity.Error), (f.RuleId, f.Severity)));
        Assert.Equal(
        [
            (added, 1, "20260104000000_roles.sql was added but is not in cutover.sum"),
            (SumPath, 3, "20260102000000_orders.sql was edited: its checksum differs from line 3 of cutover.sum"),
            (SumPath, 4, "20260103000000_tags.sql is in cutover.sum (line 4) but the file is gone"),
        ], findings.Select(f => (f.File, f.Line, f.Message)));

        var update = await WriteAsync();
        Assert.Equal(["20260104000000_roles.sql"], update.Added);
        Assert.Equal(["20260102000000_orders.sql"], update.Edited);
        Assert.Equal(["20260103000000_tags.sql"], update.Removed);
        Assert.Empty(await CheckAsync());
    }

    [Fact]
    public async Task Line_endings_and_a_byte_order_mark_are_not_edits_of_a_migration_or_of_the_sum()
    {
        WriteThree();
        await WriteAsync();
        _folder.Write("20260101000000_users.sql", "\uFEFF" + Users.Replace("\n", "\r\n", StringComparison.Ordinal));
        // What a Windows checkout with core.autocrlf makes of the sum.
        File.WriteAllText(SumPath, File.ReadAllText(SumPath).Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Empty(await CheckAsync());
        Assert.False((await WriteAsync()).Written);
    }

    [Fact]
    public async Task A_hand_edited_line_whose_header_was_not_updated_is_out_of_date_on_line_1()
    {
        WriteThree();
        await WriteAsync();
        var edited = Orders + "-- changed\n";
        _folder.Write("20260102000000_orders.sql", edited);
        var lines = File.ReadAllLines(SumPath);
        lines[2] = $"20260102000000_orders.sql {MigrationChecksum.Compute(edited)}";
        File.WriteAllText(SumPath, string.Join('\n', lines) + "\n");

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("sum-out-of-date", SumPath, 1), (finding.RuleId, finding.File, finding.Line));
        Assert.Contains("line 1 of cutover.sum does not hash the lines below it", finding.Message);
    }

    [Fact]
    public async Task Leftover_conflict_markers_are_sum_malformed_and_cutover_sum_resolves_them()
    {
        WriteThree();
        await WriteAsync();
        var lines = File.ReadAllLines(SumPath);
        File.WriteAllText(SumPath, string.Join('\n',
            ["<<<<<<< HEAD", lines[0], "=======", "cutover-sum v1 " + new string('0', 64), ">>>>>>> feature", .. lines[1..]]) + "\n");

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("sum-malformed", SumPath, 1), (finding.RuleId, finding.File, finding.Line));
        Assert.Equal("unresolved git merge conflict in cutover.sum (lines 1-5)", finding.Message);
        Assert.StartsWith("resolve it by running `cutover sum`", finding.Fix);

        var update = await WriteAsync();
        Assert.True(update.Written);
        Assert.Empty(update.Added.Concat(update.Edited).Concat(update.Removed));
        Assert.Empty(await CheckAsync());
    }

    [Theory]
    [InlineData(3, "not a sum line", "line 3 is not `<file name> <sha256>`: 'not a sum line'")]
    [InlineData(3, "", "line 3 is not `<file name> <sha256>`: ''")]
    [InlineData(1, "cutover-sum v2 abc", "line 1 is not `cutover-sum v1 <sha256>`: 'cutover-sum v2 abc'")]
    [InlineData(3, "=======", "line 3 is a leftover git conflict marker '======='")]
    public async Task A_line_not_in_the_format_is_sum_malformed_at_that_line(int line, string text, string message)
    {
        WriteThree();
        await WriteAsync();
        var lines = File.ReadAllLines(SumPath).ToList();
        if (line == 1)
            lines[0] = text;
        else
            lines.Insert(line - 1, text);
        File.WriteAllText(SumPath, string.Join('\n', lines) + "\n");

        var findings = await CheckAsync();

        var malformed = Assert.Single(findings, f => f.RuleId == "sum-malformed");
        Assert.Equal((SumPath, line, message), (malformed.File, malformed.Line, malformed.Message));
        Assert.Contains("`cutover sum`", malformed.Fix);
    }

    [Fact]
    public async Task A_file_listed_twice_is_sum_malformed()
    {
        WriteThree();
        await WriteAsync();
        var lines = File.ReadAllLines(SumPath);
        File.AppendAllText(SumPath, lines[1] + "\n");

        var findings = await CheckAsync();

        Assert.Contains(findings, f => f.RuleId == "sum-malformed" && f.Line == 5 && f.Message == "line 5 lists 20260101000000_users.sql again (also line 2)");
    }

    [Fact]
    public async Task Right_lines_in_the_wrong_order_with_a_matching_header_are_out_of_date()
    {
        WriteThree();
        await WriteAsync();
        var lines = File.ReadAllLines(SumPath);
        string[] body = [lines[3], lines[2], lines[1]];
        File.WriteAllText(SumPath, $"cutover-sum v1 {Sha256(string.Join('\n', body))}\n{string.Join('\n', body)}\n");

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("sum-out-of-date", 1), (finding.RuleId, finding.Line));
        Assert.Contains("order", finding.Message);
    }

    [Fact]
    public async Task A_missing_folder_is_bad_input()
    {
        var missing = Path.Combine(_folder.Path, "nope");

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => SumFile.WriteAsync(missing, CancellationToken.None));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal($"MigrationsFolder {missing}: migrations folder not found", error.Message);
    }
}
