using System.Diagnostics;

namespace Cutover.Sqlite;

/// <summary>
/// The migration lock for a SQLite database: an exclusive OS lock on a file beside it. On Linux .NET
/// takes it with flock, so the OS releases it when the process dies, even by SIGKILL. A sibling
/// <c>.info</c> file says who holds it, for waiters to print.
/// </summary>
internal sealed class FileLock : IAsyncDisposable
{
    public static readonly FileLock None = new(null, null);

    /// <summary>Who holds the lock when its <c>.info</c> file does not say.</summary>
    internal const string UnknownHolder = "another process";

    private readonly FileStream? _stream;
    private readonly string? _infoPath;

    private FileLock(FileStream? stream, string? infoPath)
    {
        _stream = stream;
        _infoPath = infoPath;
    }

    public static async Task<IAsyncDisposable> AcquireAsync(string path, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        var infoPath = path + ".info";
        var clock = Stopwatch.StartNew();
        string? lastHolder = null;
        while (true)
        {
            try
            {
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                await File.WriteAllTextAsync(infoPath,
                    $"pid {Environment.ProcessId} ({Environment.UserName}@{Environment.MachineName}) since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z",
                    cancellationToken).ConfigureAwait(false);
                return new FileLock(stream, infoPath);
            }
            catch (IOException)
            {
                var holder = ReadHolder(infoPath);
                if (clock.Elapsed >= wait)
                {
                    throw new LockTimeoutException($"migration lock {path}", wait, holder, "wait for the other runner to finish, or stop it");
                }
                if (holder != lastHolder)
                {
                    onWaiting($"held by {holder}");
                    lastHolder = holder;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Who holds the lock at <paramref name="path"/>, or null when nobody does. A shared flock (what .NET takes for a
    /// read-only open that shares) cannot be had while a runner holds the exclusive one, and is let go at once: a runner
    /// taking the lock in that instant fails its attempt and retries 100 ms later, as it does against any holder.
    /// </summary>
    public static string? PeekHolder(string path)
    {
        if (!File.Exists(path))
            return null;
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return null;
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            return ReadHolder(path + ".info");
        }
    }

    private static string ReadHolder(string infoPath)
    {
        // The holder writes the file just after taking the lock: it may not exist yet, or be empty for a moment.
        try
        {
            var holder = File.ReadAllText(infoPath).Trim();
            return holder.Length > 0 ? holder : UnknownHolder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return UnknownHolder;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
            await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
