using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Cutover.Sqlite;

/// <summary>
/// Checks, right after a connection opens, that its file is a SQLite database Cutover can use. SQLite opens any file
/// without reading it, and would otherwise report a text file as an empty database to a reader and fail with a bare
/// error code (26 not a database, 11 malformed, 8 read-only) at the first write.
/// </summary>
internal static class SqliteFileCheck
{
    /// <summary>Throws a <see cref="ConnectionFailedException"/> naming <paramref name="file"/> when it cannot be used.</summary>
    public static async Task RequireUsableAsync(SqliteConnection connection, string file, bool forWriting, CancellationToken cancellationToken)
    {
        try
        {
            // Reads page 1 (header) and the schema table: enough to meet a foreign file, a truncated one or a broken schema.
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_schema";
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is raw.SQLITE_NOTADB or raw.SQLITE_CORRUPT)
        {
            throw Problem(file, e);
        }
        if (forWriting && raw.sqlite3_db_readonly(connection.Handle, "main") == 1)
            throw ReadOnly(file, null);
    }

    /// <summary>What an SQLite error on <paramref name="file"/> says about the file, when it is about the file.</summary>
    public static ConnectionFailedException Problem(string file, SqliteException e) => e.SqliteErrorCode switch
    {
        raw.SQLITE_NOTADB => new ConnectionFailedException(file, $"cannot open SQLite database {file}: the file is not a SQLite database",
            "point the connection string at a SQLite database file, or move this file away so a new database is created", e),
        raw.SQLITE_CORRUPT => new ConnectionFailedException(file, $"cannot open SQLite database {file}: the file is damaged (truncated or malformed: {e.Message.ReplaceLineEndings(" ")})",
            "restore the file from a backup, or salvage what it holds with the sqlite3 shell's .recover", e),
        raw.SQLITE_READONLY => ReadOnly(file, e),
        _ => new ConnectionFailedException(file, $"cannot open SQLite database {file}: {e.Message.ReplaceLineEndings(" ")}", inner: e),
    };

    private static ConnectionFailedException ReadOnly(string file, SqliteException? e) =>
        new(file, $"cannot write SQLite database {file}: it is read-only",
            "make the file and its folder writable by this user (SQLite writes a journal beside it), or remove Mode=ReadOnly from the connection string", e);
}
