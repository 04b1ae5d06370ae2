using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Schema;

public sealed class SqliteSchemaReaderTests
{
    private const string RichSchema = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            email TEXT NOT NULL COLLATE NOCASE,
            name VARCHAR ( 40 ) DEFAULT 'anonymous',
            role TEXT NOT NULL DEFAULT 'member' CONSTRAINT role_known CHECK (role IN ('member', 'admin')),
            invited_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
            email_domain TEXT GENERATED ALWAYS AS (substr(email, instr(email, '@') + 1)) VIRTUAL,
            CONSTRAINT users_email_unique UNIQUE (email)
        );
        CREATE TABLE "Order Lines" (
            "order" INTEGER NOT NULL,
            "select" INTEGER NOT NULL,
            "Bestellung_für_Kunden" TEXT,
            total NUMERIC(10,2) GENERATED ALWAYS AS ("select" * 2) STORED,
            PRIMARY KEY ("order", "select"),
            FOREIGN KEY ("order") REFERENCES users ON DELETE CASCADE,
            CHECK ("select" > 0)
        );
        CREATE INDEX users_lower_email ON users (lower(email));
        CREATE UNIQUE INDEX users_name_active ON users (name DESC) WHERE role = 'admin';
        CREATE VIEW admins AS SELECT id, email FROM users WHERE role = 'admin';
        CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN UPDATE users SET name = name WHERE id = NEW.id; END;
        CREATE TABLE cutover_history (id TEXT PRIMARY KEY);
        """;

    private static async Task<(SqliteConnection Connection, SchemaModel Model)> ReadAsync(string ddl)
    {
        var connection = new SqliteConnection(SqliteFiles.NewDatabase());
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = ddl;
            await command.ExecuteNonQueryAsync();
        }
        return (connection, await SqliteSchemaReader.ReadAsync(connection, CancellationToken.None));
    }

    [Fact]
    public async Task Reads_columns_keys_constraints_indexes_views_and_triggers()
    {
        var (connection, model) = await ReadAsync(RichSchema);
        await using var _ = connection;

        var users = model.Tables.Single(t => t.Name == "users");
        Assert.Equal(["id", "email", "name", "role", "invited_by", "email_domain"], users.Columns.Select(c => c.Name));
        var id = users.Columns[0];
        Assert.Equal(("integer", false), (id.Type, id.Nullable));
        Assert.Equal("NOCASE", users.Columns[1].Collation);
        Assert.Equal(("varchar(40)", "'anonymous'", true), (users.Columns[2].Type, users.Columns[2].Default, users.Columns[2].Nullable));
        Assert.Equal("substr(email, instr(email, '@') + 1) VIRTUAL", users.Columns[5].Generated);
        Assert.Equal(["id"], users.PrimaryKey!.Columns);
        var unique = Assert.Single(users.Uniques);
        Assert.Equal(("users_email_unique", "email"), (unique.Name, unique.Columns.Single()));
        var check = Assert.Single(users.Checks);
        Assert.Equal(("role_known", "role IN ('member', 'admin')"), (check.Name, check.Expression));
        var fk = Assert.Single(users.ForeignKeys);
        Assert.Equal(["invited_by"], fk.Columns);
        Assert.Equal(["id"], fk.ReferencedColumns);
        Assert.Equal(("users", "set null", "no action"), (fk.ReferencedTable, fk.OnDelete, fk.OnUpdate));
        Assert.Equal(["users_lower_email", "users_name_active"], users.Indexes.Select(i => i.Name));
        Assert.Equal(["lower(email)"], users.Indexes[0].Keys);
        Assert.Equal((true, "name DESC", "role = 'admin'"), (users.Indexes[1].Unique, users.Indexes[1].Keys.Single(), users.Indexes[1].Predicate));

        var lines = model.Tables.Single(t => t.Name == "Order Lines");
        Assert.Equal(["order", "select", "Bestellung_für_Kunden", "total"], lines.Columns.Select(c => c.Name));
        Assert.Equal(["order", "select"], lines.PrimaryKey!.Columns);
        Assert.Equal(["id"], lines.ForeignKeys.Single().ReferencedColumns);
        Assert.Equal("cascade", lines.ForeignKeys.Single().OnDelete);
        Assert.Equal("\"select\" * 2", lines.Columns[3].Generated);
        Assert.Equal("numeric(10,2)", lines.Columns[3].Type);

        Assert.Equal("SELECT id, email FROM users WHERE role = 'admin'", Assert.Single(model.Views).Definition);
        Assert.Equal(("users", "users_touch"), (Assert.Single(model.Triggers).Table, model.Triggers[0].Name));
        Assert.DoesNotContain(model.Tables, t => t.Name.StartsWith("cutover_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_canonical_text_is_deterministic_and_applying_it_to_an_empty_database_gives_the_same_fingerprint()
    {
        var (connection, model) = await ReadAsync(RichSchema);
        await using var _ = connection;
        var again = await SqliteSchemaReader.ReadAsync(connection, CancellationToken.None);
        var text = SchemaText.Render(model);
        Assert.Equal(text, SchemaText.Render(again));
        Assert.Contains("CREATE TABLE \"Order Lines\" (", text);

        var (copy, copied) = await ReadAsync(text);
        await using var __ = copy;

        Assert.Equal(text, SchemaText.Render(copied));
        Assert.Equal(SchemaText.Fingerprint(model), SchemaText.Fingerprint(copied));
    }

    [Fact]
    public async Task Any_change_changes_the_fingerprint()
    {
        var (connection, model) = await ReadAsync(RichSchema);
        await using var _ = connection;
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "ALTER TABLE users ADD COLUMN note TEXT";
            await command.ExecuteNonQueryAsync();
        }

        var changed = await SqliteSchemaReader.ReadAsync(connection, CancellationToken.None);

        Assert.NotEqual(SchemaText.Fingerprint(model), SchemaText.Fingerprint(changed));
    }
}
