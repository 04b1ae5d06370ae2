using Microsoft.Data.Sqlite;

namespace Cutover.Sqlite;

/// <summary>Copies a SQLite database with the online backup API, reading the source through a read-only connection.</summary>
internal static class SqliteCopy
{
    public static async Task<ScratchCopy> CopyAsync(SqliteConnectionStringBuilder source, string? into, CancellationToken cancellationToken)
    {
        var file = source.DataSource;
        if (string.IsNullOrEmpty(file) || file == ":memory:" || !File.Exists(file))
            throw new InvalidOptionException("From", $"'{file}'", "no such SQLite database file");
        var folder = into ?? Path.GetTempPath();
        if (!Directory.Exists(folder))
            throw new InvalidOptionException("Into", folder, "folder does not exist");
        var target = Path.Combine(folder, $"cutover-rehearse-{DateTime.UtcNow:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}.db");

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
            // The backup API has no async form; it copies page by page and sees a consistent snapshot.
            from.BackupDatabase(to);
            return scratch;
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
        foreach (var path in new[] { copy.Name, copy.Name + "-journal", copy.Name + "-wal", copy.Name + "-shm", copy.Name + ".cutover-lock" })
            File.Delete(path);
        return Task.CompletedTask;
    }
}
