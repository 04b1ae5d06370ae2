using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Schema;

public sealed class SchemaDiffTests
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

    private static async Task<SchemaModel> ModelAsync(string ddl)
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

    [Fact]
    public async Task Each_kind_of_change_is_reported_once_with_its_object()
    {
        var changes = SchemaDiff.Compare(await ModelAsync(Before), await ModelAsync(After));

        void Has(SchemaChangeKind kind, string target, string? detail = null) =>
            Assert.Contains(changes, c => c.Kind == kind && c.Object == target && (detail is null || c.Detail.Contains(detail, StringComparison.Ordinal)));

        Has(SchemaChangeKind.TableAdded, "\"new_table\"");
        Has(SchemaChangeKind.TableDropped, "\"old_table\"");
        Has(SchemaChangeKind.ColumnAdded, "\"users\".\"added\"", "text");
        Has(SchemaChangeKind.ColumnDropped, "\"users\".\"legacy\"");
        Has(SchemaChangeKind.ColumnRetyped, "\"users\".\"email\"", "text -> varchar(200)");
        Has(SchemaChangeKind.ColumnNullabilityChanged, "\"users\".\"name\"", "nullable -> not null");
        Has(SchemaChangeKind.ColumnDefaultChanged, "\"users\".\"age\"", "0 -> 18");
        Has(SchemaChangeKind.UniqueAdded, "\"users\"", "(email)");
        Has(SchemaChangeKind.ForeignKeyDropped, "\"posts\"", "on delete no action");
        Has(SchemaChangeKind.ForeignKeyAdded, "\"posts\"", "on delete cascade");
        Has(SchemaChangeKind.CheckDropped, "\"posts\"", "length(body) > 0");
        Has(SchemaChangeKind.IndexChanged, "\"posts\" index \"posts_user\"", "(user_id) -> (user_id, id)");
        Has(SchemaChangeKind.IndexAdded, "\"users\" index \"users_age\"");
        Has(SchemaChangeKind.IndexDropped, "\"users\" index \"users_name\"");
        Has(SchemaChangeKind.ObjectChanged, "view \"v\"");
        Assert.Equal(changes.Count, changes.Distinct().Count());
    }

    [Fact]
    public async Task The_same_schema_has_no_differences()
    {
        Assert.Empty(SchemaDiff.Compare(await ModelAsync(Before), await ModelAsync(Before)));
    }
}
