using Microsoft.Data.Sqlite;

namespace Cutover.Sqlite;

/// <summary>Copies a SQLite database with the online backup API, reading the source through a read-only connection.</summary>
internal static class SqliteCopy
{
    private const string Prefix = "cutover-rehearse-";

    /// <summary>Every file SQLite and Cutover keep beside a database, the database's own first.</summary>
    private static readonly string[] Suffixes = ["", "-journal", "-wal", "-shm", ".cutover-lock", ".cutover-lock.info", OwnerSuffix];

    /// <summary>A side file naming the process that made the copy, removed when the copy is kept on purpose.</summary>
    private const string OwnerSuffix = ".cutover-owner";

    public static async Task<ScratchCopy> CopyAsync(SqliteConnectionStringBuilder source, string? into, CancellationToken cancellationToken)
    {
        var file = source.DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || !File.Exists(file))
            throw new InvalidOptionException("From", $"'{file}'", "no such SQLite database file");
        var folder = into ?? Path.GetTempPath();
        if (!Directory.Exists(folder))
            throw new InvalidOptionException("Into", folder, "folder does not exist");
        DropStale(folder);
        var target = Path.Combine(folder, $"{Prefix}{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}.db");
        // Written first: if this process is killed before it drops the copy, a later run sees the maker is gone and drops it.
        await File.WriteAllTextAsync(target + OwnerSuffix, ScratchCopyOwner.Tag, cancellationToken).ConfigureAwait(false);

        // Read-only: whatever goes wrong, the rehearsal cannot write to the source.
        var readOnly = new SqliteConnectionStringBuilder(source.ConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var copy = new SqliteConnectionStringBuilder { DataSource = target, Pooling = false };
        var scratch = new ScratchCopy(copy.ConnectionString, target, "SQLite online backup API");
        try
        {
            await using var from = new SqliteConnection(readOnly.ConnectionString);
            await using var to = new SqliteConnection(copy.ConnectionString);
            await from.OpenAsync(cancellationToken).ConfigureAwait(false);
            await to.OpenAsync(cancellationToken).ConfigureAwait(false);
            // A runner writing to the source holds its lock for a while: wait for it, as every other command does,
            // instead of failing at once with "database is locked". The backup takes the source's lock through `from`.
            await WaitForLocksAsync(from, source.DefaultTimeout, cancellationToken).ConfigureAwait(false);
            await WaitForLocksAsync(to, source.DefaultTimeout, cancellationToken).ConfigureAwait(false);
            await SqliteFileCheck.RequireUsableAsync(from, file, forWriting: false, cancellationToken).ConfigureAwait(false);
            // The backup API has no async form; it copies page by page and sees a consistent snapshot.
            from.BackupDatabase(to);
            return scratch;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SQLitePCL.raw.SQLITE_NOTADB or SQLitePCL.raw.SQLITE_CORRUPT)
        {
            await DropAsync(scratch).ConfigureAwait(false);
            throw SqliteFileCheck.Problem(file, e);
        }
        catch
        {
            // A half-written copy is removed, whatever stopped it.
            await DropAsync(scratch).ConfigureAwait(false);
            throw;
        }
    }

    public static Task DropAsync(ScratchCopy copy)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in Suffixes)
            File.Delete(copy.Name + suffix);
        return Task.CompletedTask;
    }

    /// <summary>A copy kept on purpose is no longer anybody's scratch: later runs must leave it alone.</summary>
    public static Task KeepAsync(ScratchCopy copy)
    {
        File.Delete(copy.Name + OwnerSuffix);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes the copies in <paramref name="folder"/> that a killed rehearsal on this machine left behind (their maker's
    /// process is gone). Another user's copy, which this user may not delete, stays.
    /// </summary>
    public static IReadOnlyList<string> DropStale(string folder)
    {
        var dropped = new List<string>();
        foreach (var marker in Directory.EnumerateFiles(folder, Prefix + "*.db" + OwnerSuffix))
        {
            var path = marker[..^OwnerSuffix.Length];
            try
            {
                if (!ScratchCopyOwner.IsStale(File.ReadAllText(marker)))
                    continue;
                foreach (var suffix in Suffixes.Reverse())
                    File.Delete(path + suffix);
                dropped.Add(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not ours to delete, or in use after all: leave it.
            }
        }
        return dropped;
    }

    private static async Task WaitForLocksAsync(SqliteConnection connection, int seconds, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {seconds * 1000}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
