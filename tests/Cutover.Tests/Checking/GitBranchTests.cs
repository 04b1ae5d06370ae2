using Cutover.Checking;
using Cutover.Files;
using Cutover.Tests.Cli;

namespace Cutover.Tests.Checking;

/// <summary>
/// cutover.sum and the branch rules with real git repositories: the merge conflict line 1 exists to cause,
/// and <c>--base</c> comparing the folder with the branch it will merge into.
/// </summary>
public sealed class GitBranchTests : IAsyncLifetime
{
    private GitRepository _repo = null!;

    public async Task InitializeAsync()
    {
        _repo = await GitRepository.InitAsync();
        // main has two migrations and their sum.
        _repo.Write("20260101000000_create_users.sql", GitRepository.Migration("users"));
        _repo.Write("20260102000000_create_orders.sql", GitRepository.Migration("orders"));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        await _repo.CommitAllAsync("main: users and orders");
    }

    public Task DisposeAsync()
    {
        _repo.Dispose();
        return Task.CompletedTask;
    }

    private Task<IReadOnlyList<CheckFinding>> CheckAsync(string? baseRef = "main") =>
        IntegrityCheck.RunAsync(_repo.Folder, baseRef, CancellationToken.None);

    private async Task BranchAsync(string name, string from = "main") => await _repo.MustAsync("checkout", "-q", "-b", name, from);

    [Fact]
    public async Task Two_branches_that_each_add_a_migration_conflict_on_line_1_of_cutover_sum_and_cutover_sum_resolves_it()
    {
        // Each branch adds a migration the way a developer does: `cutover new`, which refreshes cutover.sum.
        await BranchAsync("first");
        Assert.Equal(0, (await CliRunner.RunAsync(_repo.Root, "new", "add_roles")).ExitCode);
        await _repo.CommitAllAsync("first: roles");
        await BranchAsync("second");
        await _repo.MustAsync("reset", "-q", "--hard", "main");
        // What `cutover new` does, a few seconds later than the first (in the same second, the ids would collide).
        MigrationScaffold.CreateMigration(_repo.Folder, "add_invoices", DateTime.UtcNow.AddSeconds(5));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        await _repo.CommitAllAsync("second: invoices");

        await _repo.MustAsync("checkout", "-q", "first");
        var merge = await _repo.GitAsync("merge", "--no-edit", "second");

        // The migration files themselves have different names and merge cleanly; the sum does not.
        Assert.Equal(1, merge.ExitCode);
        Assert.Contains("CONFLICT (content): Merge conflict in migrations/cutover.sum", merge.Stdout);
        var lines = File.ReadAllLines(_repo.SumPath);
        Assert.Equal("<<<<<<< HEAD", lines[0]);
        Assert.StartsWith("cutover-sum v1 ", lines[1]);
        // git joins nearby conflicts into one block, so each side's header opens its half of the block.
        var middle = Array.IndexOf(lines, "=======");
        Assert.StartsWith("cutover-sum v1 ", lines[middle + 1]);
        Assert.NotEqual(lines[1], lines[middle + 1]);
        Assert.Contains(">>>>>>> second", lines);
        Assert.Equal(2, Directory.EnumerateFiles(_repo.Folder, "*_add_*.sql").Count());

        var conflicted = await CheckAsync(baseRef: null);
        var finding = Assert.Single(conflicted, f => f.RuleId == "sum-malformed" && f.Line == 1);
        Assert.Equal(_repo.SumPath, finding.File);
        Assert.Contains("unresolved git merge conflict", finding.Message);
        Assert.Contains("`cutover sum`", finding.Fix);
        Assert.All(conflicted, f => Assert.Equal("sum-malformed", f.RuleId));

        // Resolving: rewrite the sum from the merged folder.
        var resolved = await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        Assert.True(resolved.Written);
        Assert.Empty(resolved.Added);
        Assert.Empty(await CheckAsync(baseRef: null));
        await _repo.CommitAllAsync("merge second");
        Assert.Empty(await CheckAsync("main"));
    }

    [Fact]
    public async Task A_branch_that_only_adds_a_newer_migration_has_no_findings()
    {
        await BranchAsync("feature");
        _repo.Write("20260103000000_add_roles.sql", GitRepository.Migration("roles"));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);

        // Uncommitted or committed, the working tree is what is checked.
        Assert.Empty(await CheckAsync());
        await _repo.CommitAllAsync("feature: roles");
        Assert.Empty(await CheckAsync());
    }

    [Fact]
    public async Task A_migration_older_than_the_newest_on_the_base_is_older_than_base()
    {
        await BranchAsync("feature");
        var path = _repo.Write("20260101120000_add_roles.sql", GitRepository.Migration("roles"));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("older-than-base", Severity.Error, path, 1), (finding.RuleId, finding.Severity, finding.File, finding.Line));
        Assert.Contains("20260101120000", finding.Message);
        Assert.Contains("20260102000000", finding.Message);
        Assert.Equal("re-timestamp it with `cutover new --rename 20260101120000_add_roles.sql`", finding.Fix);
    }

    [Fact]
    public async Task The_rename_fix_clears_older_than_base()
    {
        await BranchAsync("feature");
        _repo.Write("20260101120000_add_roles.sql", GitRepository.Migration("roles"));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);

        var renamed = await CliRunner.RunAsync(_repo.Root, "new", "--rename", "20260101120000");

        Assert.Equal(0, renamed.ExitCode);
        Assert.Empty(await CheckAsync());
    }

    [Fact]
    public async Task Editing_a_base_migration_is_base_edited_but_a_line_ending_change_is_not()
    {
        await BranchAsync("feature");
        var path = Path.Combine(_repo.Folder, "20260101000000_create_users.sql");
        File.WriteAllText(path, GitRepository.Migration("users").Replace("\n", "\r\n", StringComparison.Ordinal));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        Assert.Empty(await CheckAsync());

        File.WriteAllText(path, GitRepository.Migration("users").Replace("id integer", "id bigint", StringComparison.Ordinal));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("base-edited", path, 1), (finding.RuleId, finding.File, finding.Line));
        Assert.Contains("production", finding.Reason);
        Assert.Contains("revert it", finding.Fix);
        Assert.Contains("new migration", finding.Fix);
    }

    [Fact]
    public async Task Deleting_a_base_migration_is_base_deleted()
    {
        await BranchAsync("feature");
        var path = Path.Combine(_repo.Folder, "20260101000000_create_users.sql");
        File.Delete(path);
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("base-deleted", path, 1), (finding.RuleId, finding.File, finding.Line));
        Assert.Contains("git checkout main -- migrations/20260101000000_create_users.sql", finding.Fix);
    }

    [Fact]
    public async Task Renaming_a_base_migration_is_base_renamed_not_deleted_and_added()
    {
        await BranchAsync("feature");
        var old = Path.Combine(_repo.Folder, "20260101000000_create_users.sql");
        var renamed = Path.Combine(_repo.Folder, "20260105000000_create_users.sql");
        File.Move(old, renamed);
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);

        var finding = Assert.Single(await CheckAsync());

        Assert.Equal(("base-renamed", renamed, 1), (finding.RuleId, finding.File, finding.Line));
        Assert.Contains("20260101000000_create_users.sql", finding.Message);
        Assert.Contains("20260105000000_create_users.sql", finding.Message);
    }

    [Fact]
    public async Task What_the_base_added_after_the_branch_forked_is_not_blamed_on_the_branch()
    {
        await BranchAsync("feature");
        _repo.Write("20260110000000_add_roles.sql", GitRepository.Migration("roles"));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        await _repo.CommitAllAsync("feature: roles");

        // Meanwhile main gains an older and a newer migration, and edits one of its own.
        await _repo.MustAsync("checkout", "-q", "main");
        _repo.Write("20260105000000_add_invoices.sql", GitRepository.Migration("invoices"));
        _repo.Write("20260120000000_add_tags.sql", GitRepository.Migration("tags"));
        _repo.Write("20260102000000_create_orders.sql", GitRepository.Migration("orders") + "-- note\n");
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        await _repo.CommitAllAsync("main: invoices, tags");
        await _repo.MustAsync("checkout", "-q", "feature");

        // The branch is behind, which is not deleting or editing; but its migration now sorts before main's newest.
        var finding = Assert.Single(await CheckAsync());
        Assert.Equal("older-than-base", finding.RuleId);
        Assert.Contains("20260120000000", finding.Message);
    }

    [Fact]
    public async Task A_base_with_thousands_of_migrations_is_read_without_stalling()
    {
        // More object requests than a pipe buffer holds: requests and answers must flow at the same time.
        var start = new DateTime(2026, 1, 3, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 2500; i++)
            _repo.Write($"{start.AddMinutes(i):yyyyMMddHHmmss}_table_{i}.sql", GitRepository.Migration($"table_{i}"));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        await _repo.CommitAllAsync("main: many");
        await BranchAsync("feature");
        var edited = Path.Combine(_repo.Folder, $"{start.AddMinutes(1234):yyyyMMddHHmmss}_table_1234.sql");
        File.AppendAllText(edited, "-- edited\n");
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);

        var findings = await CheckAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(("base-edited", edited), (Assert.Single(findings).RuleId, findings[0].File));
    }

    [Fact]
    public async Task Findings_come_in_name_then_sum_then_branch_order()
    {
        await BranchAsync("feature");
        _repo.Write("bad name.sql", "");
        File.Delete(Path.Combine(_repo.Folder, "20260101000000_create_users.sql"));

        var findings = await CheckAsync();

        Assert.Equal(["malformed-name", "sum-out-of-date", "base-deleted"], findings.Select(f => f.RuleId));
    }

    [Fact]
    public async Task An_unknown_ref_is_bad_input_naming_the_ref_and_how_to_fetch_it()
    {
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => CheckAsync("origin/main"));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("unknown git ref 'origin/main'", error.Message);
        Assert.Contains("`git fetch --no-tags --depth=1 origin +main:refs/remotes/origin/main`", error.Hint);
    }

    [Fact]
    public async Task A_shallow_ci_clone_works_once_the_base_is_fetched()
    {
        await BranchAsync("feature");
        _repo.Write("20260103000000_add_roles.sql", GitRepository.Migration("roles"));
        await SumFile.WriteAsync(_repo.Folder, CancellationToken.None);
        await _repo.CommitAllAsync("feature: roles");

        // What a CI job has: a depth-1 clone of the feature branch only.
        using var clone = new GitRepository(Path.Combine(Path.GetTempPath(), "cutover-git-" + Guid.NewGuid().ToString("N")));
        Directory.Delete(clone.Root, recursive: true);
        await _repo.MustAsync("clone", "-q", "--depth=1", "--single-branch", "--branch", "feature", new Uri(_repo.Root).AbsoluteUri, clone.Root);
        var before = await Assert.ThrowsAnyAsync<CutoverException>(() => IntegrityCheck.RunAsync(clone.Folder, "origin/main", CancellationToken.None));
        Assert.Contains("origin/main", before.Message);

        // The command the hint gives is the one that works here.
        var fetch = before.Hint![(before.Hint!.IndexOf('`', StringComparison.Ordinal) + 1)..before.Hint!.LastIndexOf('`')];
        Assert.StartsWith("git ", fetch);
        await clone.MustAsync(fetch["git ".Length..].Split(' '));

        Assert.Empty(await IntegrityCheck.RunAsync(clone.Folder, "origin/main", CancellationToken.None));
    }

    [Fact]
    public async Task Outside_a_git_repository_a_base_is_bad_input()
    {
        using var folder = new Files.TempFolder();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => IntegrityCheck.RunAsync(folder.Path, "main", CancellationToken.None));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("'main'", error.Message);
        Assert.Contains("not in a git repository", error.Message);
        Assert.NotNull(error.Hint);
    }
}
