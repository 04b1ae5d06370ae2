using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Schema;

/// <summary>Every change kind, found the same way on both engines.</summary>
public abstract class SchemaDiffSpecification
{
    private const string Before = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, age INTEGER DEFAULT 0, legacy TEXT);
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), body TEXT CHECK (length(body) > 0));
        CREATE TABLE old_table (id INTEGER PRIMARY KEY);
        CREATE INDEX posts_user ON posts (user_id);
        CREATE INDEX users_name ON users (name);
        CREATE VIEW v AS SELECT id FROM users;
        """;

    private const string After = """
        CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL UNIQUE, name TEXT NOT NULL, age INTEGER DEFAULT 18, added TEXT);
        CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id) ON DELETE CASCADE, body TEXT);
        CREATE TABLE new_table (id INTEGER PRIMARY KEY);
        CREATE INDEX posts_user ON posts (user_id, id);
        CREATE INDEX users_age ON users (age);
        CREATE VIEW v AS SELECT id, email FROM users;
        """;

    private protected abstract Task<SchemaModel> ModelAsync(string ddl);

    /// <summary>A table's name as changes show it: schema-qualified where the engine has schemas.</summary>
    private protected abstract string Table(string name);

    /// <summary>The engine's name for varchar(200).</summary>
    private protected abstract string Varchar200 { get; }

    [Fact]
    public async Task Each_kind_of_change_is_reported_once_with_its_object()
    {
        var changes = SchemaDiff.Compare(await ModelAsync(Before), await ModelAsync(After));

        void Has(SchemaChangeKind kind, string target, string? detail = null) =>
            Assert.Contains(changes, c => c.Kind == kind && c.Object == target && (detail is null || c.Detail.Contains(detail, StringComparison.Ordinal)));

        Has(SchemaChangeKind.TableAdded, Table("new_table"));
        Has(SchemaChangeKind.TableDropped, Table("old_table"));
        Has(SchemaChangeKind.ColumnAdded, Table("users") + ".\"added\"", "text");
        Has(SchemaChangeKind.ColumnDropped, Table("users") + ".\"legacy\"");
        Has(SchemaChangeKind.ColumnRetyped, Table("users") + ".\"email\"", "text -> " + Varchar200);
        Has(SchemaChangeKind.ColumnNullabilityChanged, Table("users") + ".\"name\"", "nullable -> not null");
        Has(SchemaChangeKind.ColumnDefaultChanged, Table("users") + ".\"age\"", "0 -> 18");
        Has(SchemaChangeKind.UniqueAdded, Table("users"), "(email)");
        Has(SchemaChangeKind.ForeignKeyDropped, Table("posts"), "on delete no action");
        Has(SchemaChangeKind.ForeignKeyAdded, Table("posts"), "on delete cascade");
        Has(SchemaChangeKind.CheckDropped, Table("posts"), "length(body) > 0");
        Has(SchemaChangeKind.IndexChanged, Table("posts") + " index \"posts_user\"", "(user_id) -> (user_id, id)");
        Has(SchemaChangeKind.IndexAdded, Table("users") + " index \"users_age\"");
        Has(SchemaChangeKind.IndexDropped, Table("users") + " index \"users_name\"");
        Has(SchemaChangeKind.ObjectChanged, "view " + Table("v"));
        Assert.Equal(changes.Count, changes.Distinct().Count());
    }

    [Fact]
    public async Task The_same_schema_has_no_differences()
    {
        Assert.Empty(SchemaDiff.Compare(await ModelAsync(Before), await ModelAsync(Before)));
    }
}

public sealed class SqliteSchemaDiffTests : SchemaDiffSpecification
{
    private protected override string Varchar200 => "varchar(200)";

    private protected override string Table(string name) => $"\"{name}\"";

    private protected override async Task<SchemaModel> ModelAsync(string ddl)
    {
        await using var connection = new SqliteConnection(SqliteFiles.NewDatabase());
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ddl;
            await command.ExecuteNonQueryAsync();
        }
        return await SqliteSchemaReader.ReadAsync(connection, CancellationToken.None);
    }
}

public sealed class PostgresSchemaDiffTests : SchemaDiffSpecification
{
    private protected override string Varchar200 => "character varying(200)";

    private protected override string Table(string name) => $"\"public\".\"{name}\"";

    private protected override async Task<SchemaModel> ModelAsync(string ddl)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await PostgresServer.CreateDatabaseAsync());
        await connection.OpenAsync();
        await using (var command = new Npgsql.NpgsqlCommand(ddl, connection))
            await command.ExecuteNonQueryAsync();
        return await Cutover.Postgres.PostgresSchemaReader.ReadAsync(connection, ["public"], CancellationToken.None);
    }

    [Fact]
    public async Task Partitioning_covering_columns_and_deferrability_changes_are_reported()
    {
        var changes = SchemaDiff.Compare(
            await ModelAsync("""
                CREATE TABLE log (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
                CREATE TABLE log_old PARTITION OF log FOR VALUES FROM ('2000-01-01') TO ('2026-01-01');
                CREATE TABLE ref (id bigint PRIMARY KEY, v text);
                CREATE TABLE child (ref_id bigint REFERENCES ref (id));
                CREATE INDEX ref_v ON ref (v);
                """),
            await ModelAsync("""
                CREATE TABLE log (id bigint, at date, PRIMARY KEY (id, at)) PARTITION BY LIST (at);
                CREATE TABLE log_old (id bigint NOT NULL, at date NOT NULL);
                CREATE TABLE ref (id bigint, v text, PRIMARY KEY (id) INCLUDE (v));
                CREATE TABLE child (ref_id bigint REFERENCES ref (id) DEFERRABLE);
                CREATE INDEX ref_v ON ref (v) INCLUDE (id);
                """));

        Assert.Contains(changes, c => c.Kind == SchemaChangeKind.PartitioningChanged && c.Object == Table("log") && c.Detail == "partition by RANGE (at) -> partition by LIST (at)");
        Assert.Contains(changes, c => c.Kind == SchemaChangeKind.PartitioningChanged && c.Object == Table("log_old")
            && c.Detail == "not partitioned, partition of \"public\".\"log\" FOR VALUES FROM ('2000-01-01') TO ('2026-01-01') -> not partitioned");
        Assert.Contains(changes, c => c.Kind == SchemaChangeKind.PrimaryKeyChanged && c.Detail == "(id) as ref_pkey -> (id) include (v) as ref_pkey");
        Assert.Contains(changes, c => c.Kind == SchemaChangeKind.ForeignKeyAdded && c.Detail.Contains(" deferrable as child_ref_id_fkey", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Kind == SchemaChangeKind.IndexChanged && c.Detail == "(v) -> (v) include (id)");
    }
}
