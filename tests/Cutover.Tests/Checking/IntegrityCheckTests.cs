using Cutover.Checking;
using Cutover.Tests.Files;

namespace Cutover.Tests.Checking;

/// <summary>The name rules and the combined check, without git.</summary>
public sealed class IntegrityCheckTests : IDisposable
{
    private const string Up = "-- cutover:up\nSELECT 1;\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<IReadOnlyList<CheckFinding>> CheckAsync() => IntegrityCheck.RunAsync(_folder.Path, null, CancellationToken.None);

    private Task WriteSumAsync() => SumFile.WriteAsync(_folder.Path, CancellationToken.None);

    [Fact]
    public async Task A_correctly_named_folder_with_its_sum_has_no_findings()
    {
        _folder.Write("20260101000000_users.sql", Up);
        _folder.Write("20260101000001_users_2.sql", Up);
        _folder.Write("README.md", "notes");
        _folder.Write("seed.csv", "1,2");
        await WriteSumAsync();

        Assert.Empty(await CheckAsync());
    }

    [Theory]
    [InlineData("2026-01-01_users.sql", "create files with `cutover new <name>`")]
    [InlineData("20260101000000_Add-Users.sql", "rename it to '20260101000000_add_users.sql', or create files with `cutover new <name>`")]
    [InlineData("20261340000000_users.sql", "give it a real UTC date and time ('20261340000000' is not one), or create files with `cutover new <name>`")]
    [InlineData("20260101000000_users.SQL", "rename it to '20260101000000_users.sql', or create files with `cutover new <name>`")]
    public async Task A_sql_file_with_a_bad_name_is_malformed_name_with_a_hint(string name, string fix)
    {
        var path = _folder.Write(name, Up);
        await WriteSumAsync();

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("malformed-name", Severity.Error, path, 1), (finding.RuleId, finding.Severity, finding.File, finding.Line));
        Assert.Equal($"bad migration file name '{name}': expected <yyyyMMddHHmmss>_<name>.sql", finding.Message);
        Assert.Equal(fix, finding.Fix);
    }

    [Fact]
    public async Task Two_files_with_one_id_are_duplicate_id_on_the_second()
    {
        _folder.Write("20260101000000_users.sql", Up);
        var second = _folder.Write("20260101000000_users_again.sql", Up);
        _folder.Write("20260101000001_orders.sql", Up);
        await WriteSumAsync();

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("duplicate-id", second, 1), (finding.RuleId, finding.File, finding.Line));
        Assert.Equal("duplicate migration id 20260101000000 (also 20260101000000_users.sql)", finding.Message);
        Assert.Equal("re-timestamp it with `cutover new --rename 20260101000000_users_again.sql`", finding.Fix);
    }

    [Fact]
    public async Task Every_finding_is_reported_at_once_names_then_the_sum_in_file_order_the_same_way_each_time()
    {
        _folder.Write("b.sql", Up);
        _folder.Write("a.sql", Up);
        _folder.Write("20260101000000_users.sql", Up);
        _folder.Write("20260101000000_users_again.sql", Up);

        var first = await CheckAsync();
        var second = await CheckAsync();

        // Names first, in file-name order (digits sort before letters), then the sum.
        Assert.Equal(["duplicate-id", "malformed-name", "malformed-name", "sum-missing"], first.Select(f => f.RuleId));
        Assert.Equal(["a.sql", "b.sql"], first.Skip(1).Take(2).Select(f => Path.GetFileName(f.File)));
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task A_missing_folder_is_bad_input()
    {
        var missing = Path.Combine(_folder.Path, "migrations");

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => IntegrityCheck.RunAsync(missing, null, CancellationToken.None));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal($"MigrationsFolder {missing}: migrations folder not found", error.Message);
        Assert.NotNull(error.Hint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--output=x")]
    public async Task A_base_that_is_not_a_ref_is_bad_input(string baseRef)
    {
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => IntegrityCheck.RunAsync(_folder.Path, baseRef, CancellationToken.None));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal($"bad git ref '{baseRef}'", error.Message);
    }
}
