using System.Data.Common;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Importing;

/// <summary>A fresh database of one engine for the DbUp and grate import tests, and what they ask of it afterwards.</summary>
internal sealed record JournalTestDatabase(string Engine, string ConnectionString)
{
    public static async Task<JournalTestDatabase> CreateAsync(string engine) =>
        new(engine, engine == "sqlite" ? SqliteFiles.NewDatabase() : await PostgresServer.CreateDatabaseAsync());

    public IDatabaseProvider Provider => Engine == "sqlite" ? new SqliteProvider() : new PostgresProvider();

    /// <summary>Cutover's view of the migrations folder on this database.</summary>
    public async Task<MigrationState[]> StatesAsync(string migrationsFolder) =>
        (await new Migrator(new CutoverOptions { ConnectionString = ConnectionString, MigrationsFolder = migrationsFolder }, Provider).StatusAsync())
            .Migrations.Select(m => m.State).ToArray();

    /// <summary>The columns of the users table, sorted.</summary>
    public async Task<string[]> UserColumnsAsync() =>
        (await ColumnAsync(Engine == "sqlite"
            ? "SELECT name FROM pragma_table_info('users')"
            : "SELECT column_name FROM information_schema.columns WHERE table_name = 'users'")).Order(StringComparer.Ordinal).ToArray();

    /// <summary>The first column of a query's rows, in the order it returns them.</summary>
    public async Task<string[]> ColumnAsync(string sql)
    {
        await using var connection = await Provider.OpenAsync(ConnectionString, forReading: true, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values.ToArray();
    }
}
