using System.Diagnostics;

namespace Cutover.Tests.Checking;

/// <summary>What one git command in a test repository printed and returned.</summary>
internal sealed record GitRun(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// A real git repository in a temporary folder, with a <c>migrations/</c> folder, on branch <c>main</c>.
/// Git runs without the machine's system and global configuration, so a developer's settings (conflict
/// style, autocrlf, signing) cannot change what the tests see.
/// </summary>
internal sealed class GitRepository : IDisposable
{
    private readonly string _emptyConfig;

    public GitRepository(string? root = null)
    {
        Root = root ?? Path.Combine(Path.GetTempPath(), "cutover-git-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        _emptyConfig = Path.Combine(Path.GetTempPath(), "cutover-gitconfig-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(_emptyConfig, "");
    }

    public string Root { get; }

    public string Folder => Path.Combine(Root, "migrations");

    public string SumPath => Path.Combine(Folder, "cutover.sum");

    /// <summary>A new repository on branch main.</summary>
    public static async Task<GitRepository> InitAsync()
    {
        var repository = new GitRepository();
        await repository.MustAsync("init", "-q", "-b", "main");
        return repository;
    }

    public string Write(string fileName, string text)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    public static string Migration(string table) => $"-- cutover:up\nCREATE TABLE {table} (id integer);\n-- cutover:down\nDROP TABLE {table};\n";

    public async Task<GitRun> GitAsync(params string[] args)
    {
        var info = new ProcessStartInfo("git")
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var setting in new[] { "user.name=t", "user.email=t@t", "merge.conflictStyle=merge", "core.autocrlf=false", "commit.gpgsign=false" })
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(setting);
        }
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        info.Environment["GIT_CONFIG_GLOBAL"] = _emptyConfig;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new GitRun(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs git and fails the test when it fails.</summary>
    public async Task<string> MustAsync(params string[] args)
    {
        var run = await GitAsync(args);
        Assert.True(run.ExitCode == 0, $"git {string.Join(' ', args)} exited {run.ExitCode}: {run.Stderr}");
        return run.Stdout;
    }

    public async Task CommitAllAsync(string message)
    {
        await MustAsync("add", "-A");
        await MustAsync("commit", "-q", "-m", message);
    }

    public void Dispose()
    {
        File.Delete(_emptyConfig);
        if (!Directory.Exists(Root))
            return;
        // git makes its object files read-only; Windows refuses to delete those.
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(Root, recursive: true);
    }
}
