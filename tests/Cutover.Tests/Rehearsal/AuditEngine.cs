using System.Data.Common;
using Cutover.Files;
using Cutover.Rehearsal.Audit;
using Cutover.Schema;
using Cutover.Sql;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cutover.Tests.Rehearsal;

/// <summary>The engine an audit specification runs on: a fresh database per test, and its schema as text.</summary>
internal abstract class AuditEngine
{
    public static readonly AuditEngine Sqlite = new SqliteEngine();
    public static readonly AuditEngine Postgres = new PostgresEngine();

    public abstract SqlDialect Dialect { get; }

    /// <summary>An open connection to a database of its own, with <paramref name="setup"/> run on it.</summary>
    public async Task<DbConnection> NewDatabaseAsync(string setup)
    {
        var connection = await OpenAsync();
        await ExecuteAsync(connection, setup);
        return connection;
    }

    public static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> CountAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Parses each up body as one migration (ids in order) and audits them.</summary>
    public async Task<IReadOnlyList<AuditFinding>> AuditAsync(DbConnection connection, params string[] upBodies)
    {
        var pending = upBodies.Select((body, n) =>
            MigrationFileParser.Parse($"migrations/2026010100000{n + 1}_m{n + 1}.sql", "-- cutover:up\n" + body, Dialect)).ToList();
        return await ConstraintAudit.RunAsync(connection, Dialect == SqlDialect.Sqlite ? new Cutover.Sqlite.SqliteProvider() : new Cutover.Postgres.PostgresProvider(), pending, CancellationToken.None);
    }

    /// <summary>A fresh database with <paramref name="setup"/>, audited for <paramref name="upBodies"/>.</summary>
    public async Task<IReadOnlyList<AuditFinding>> AuditAsync(string setup, params string[] upBodies)
    {
        await using var connection = await NewDatabaseAsync(setup);
        return await AuditAsync(connection, upBodies);
    }

    public abstract Task<string> SchemaTextAsync(DbConnection connection);

    protected abstract Task<DbConnection> OpenAsync();

    private sealed class SqliteEngine : AuditEngine
    {
        public override SqlDialect Dialect => SqlDialect.Sqlite;

        protected override async Task<DbConnection> OpenAsync()
        {
            var connection = new SqliteConnection(SqliteFiles.NewDatabase());
            await connection.OpenAsync();
            return connection;
        }

        public override async Task<string> SchemaTextAsync(DbConnection connection) =>
            SchemaText.Render(await Cutover.Sqlite.SqliteSchemaReader.ReadAsync((SqliteConnection)connection, CancellationToken.None));
    }

    private sealed class PostgresEngine : AuditEngine
    {
        public override SqlDialect Dialect => SqlDialect.Postgres;

        protected override async Task<DbConnection> OpenAsync()
        {
            var connection = new NpgsqlConnection(await PostgresServer.CreateDatabaseAsync());
            await connection.OpenAsync();
            return connection;
        }

        public override async Task<string> SchemaTextAsync(DbConnection connection) =>
            SchemaText.Render(await Cutover.Postgres.PostgresSchemaReader.ReadAsync((NpgsqlConnection)connection, ["public"], CancellationToken.None));
    }
}
