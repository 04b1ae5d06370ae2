using System.Data.Common;
using Cutover;
using Cutover.Postgres;
using Cutover.Sqlite;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BootstrapApp.Data;

/// <summary>The one database both versions share: its connection string, the engine it names, and plain connections to it.</summary>
public sealed class Database
{
    public Database(string connectionString)
    {
        ConnectionString = connectionString;
        // The same test the CLI makes: each provider recognises its own connection strings, SQLite first.
        var sqlite = new SqliteProvider();
        Provider = sqlite.Accepts(connectionString) ? sqlite : new PostgresProvider();
        if (!Provider.Accepts(connectionString))
            throw new ArgumentException("CUTOVER_CONNECTION must be Data Source=<file> (SQLite) or Host=…;Database=… (PostgreSQL)");
    }

    public string ConnectionString { get; }

    public IDatabaseProvider Provider { get; }

    public bool IsPostgres => Provider is PostgresProvider;

    /// <summary>A driver connection, not yet open, for <paramref name="connectionString"/> on this database's engine.</summary>
    public DbConnection CreateConnection(string connectionString) =>
        IsPostgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    /// <summary>An open connection that sees the tables as they are (the old shape while a migration is expanded).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
