using System.Data.Common;
using Cutover.Postgres;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Operations;

/// <summary>
/// What the tests of an operation's window need on either engine: a database of their own, a migrator, a connection
/// of the old version (the tables as they are) and one of the new version (its shape statements run on it).
/// </summary>
public abstract class OperationWindowSpecification : IDisposable
{
    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>The engine's null-safe equality (<c>IS NOT DISTINCT FROM</c>, <c>IS</c>).</summary>
    private protected abstract string Same { get; }

    /// <summary>
    /// Whether a connection of the new version must be reopened after complete. SQLite's shape lives on the connection
    /// (TEMP views named after the tables, over views that complete drops); PostgreSQL's is a search_path that simply
    /// stops finding the dropped version schema.
    /// </summary>
    private protected abstract bool NewVersionReopensAfterComplete { get; }

    /// <summary>A column type for the integer keys the tests write.</summary>
    private protected abstract string KeyType { get; }

    private protected Migrator NewMigrator(string db) => new(new CutoverOptions { ConnectionString = db, MigrationsFolder = Files.Folder }, Provider);

    private protected async Task<DbConnection> OpenOldAsync(string db) => await Provider.OpenAsync(db, forReading: false, CancellationToken.None);

    private protected async Task<DbConnection> OpenNewAsync(string db, Migrator migrator)
    {
        var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        foreach (var statement in await migrator.NewShapeStatementsAsync())
            await ShapeWriter.ExecuteAsync(connection, statement);
        return connection;
    }

    private protected async Task<long> CountAsync(string db, string sql)
    {
        await using var connection = await OpenOldAsync(db);
        return Convert.ToInt64(await ShapeWriter.ScalarAsync(connection, sql));
    }

    private protected async Task ExecuteAsync(string db, string sql)
    {
        await using var connection = await OpenOldAsync(db);
        await ShapeWriter.ExecuteAsync(connection, sql);
    }

    private protected async Task<bool> ExistsAsync(string db, string table)
    {
        try
        {
            await CountAsync(db, $"SELECT count(*) FROM {table}");
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>The column names a connection sees for <paramref name="table"/>.</summary>
    private protected static async Task<IReadOnlyList<string>> ColumnsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {table} WHERE 1 = 0";
        await using var reader = await command.ExecuteReaderAsync();
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
    }

    /// <summary>Asserts that no writer failed a statement.</summary>
    private protected static void NoErrors(params ShapeWriter[] writers)
    {
        var errors = writers.SelectMany(w => w.Errors).ToList();
        Assert.True(errors.Count == 0, $"{errors.Count} failed statement(s): {string.Join(" | ", errors.Take(5))}");
    }

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The engine bits of the operation tests on PostgreSQL.</summary>
internal static class PostgresWindow
{
    public static IDatabaseProvider Provider { get; } = new PostgresProvider();
}

/// <summary>The engine bits of the operation tests on SQLite.</summary>
internal static class SqliteWindow
{
    public static IDatabaseProvider Provider { get; } = new SqliteProvider();

    public static Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());
}
