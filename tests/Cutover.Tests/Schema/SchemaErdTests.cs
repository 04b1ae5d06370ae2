using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Schema;

public sealed class SchemaErdTests
{
    [Fact]
    public async Task Draws_key_columns_declared_relationships_and_warns_about_inferred_ones()
    {
        await using var connection = new SqliteConnection(SqliteFiles.NewDatabase());
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT UNIQUE, note TEXT);
                CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers (id), category_id INTEGER);
                CREATE TABLE categories (id INTEGER PRIMARY KEY);
                CREATE TABLE "Order Lines" (id INTEGER PRIMARY KEY, order_id INTEGER REFERENCES orders (id));
                """;
            await command.ExecuteNonQueryAsync();
        }

        var erd = SchemaErd.Render(await SqliteSchemaReader.ReadAsync(connection, CancellationToken.None));

        Assert.StartsWith("erDiagram\n", erd.Mermaid);
        Assert.Contains("    customers {\n        INTEGER id PK\n        TEXT email UK\n    }", erd.Mermaid.Replace("integer", "INTEGER").Replace("text", "TEXT"));
        Assert.DoesNotContain(" note ", erd.Mermaid);
        Assert.Contains("    customers ||--o{ orders : \"customer_id\"", erd.Mermaid);
        Assert.Contains("    orders |o--o{ Order_Lines : \"order_id\"", erd.Mermaid);
        Assert.Contains("Order_Lines[\"Order Lines\"] {", erd.Mermaid);
        Assert.Contains("    categories |o..o{ orders : \"category_id (inferred)\"", erd.Mermaid);
        var warning = Assert.Single(erd.Warnings);
        Assert.Equal("\"orders\".\"category_id\" looks like a reference to \"categories\" but has no foreign key: consistency not guaranteed", warning);
    }

    [Fact]
    public async Task Draws_every_column_when_asked_and_keeps_markup_in_names_as_mermaid_entity_codes()
    {
        await using var connection = new SqliteConnection(SqliteFiles.NewDatabase());
        await connection.OpenAsync();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT UNIQUE, note TEXT);
                CREATE TABLE "<b>#1 ""x""</b>" (id INTEGER PRIMARY KEY, "a<b>" TEXT, customer_id INTEGER);
                """;
            await command.ExecuteNonQueryAsync();
        }
        var model = await SqliteSchemaReader.ReadAsync(connection, CancellationToken.None);

        var keys = SchemaErd.Render(model);
        var all = SchemaErd.Render(model, ErdColumns.All);

        Assert.Equal(keys.Mermaid, SchemaErd.Render(model, ErdColumns.Keys).Mermaid);
        Assert.DoesNotContain(" note", keys.Mermaid);
        Assert.Contains("    customers {\n        integer id PK\n        text email UK\n        text note\n    }", all.Mermaid);
        // The label and the comment spell the real names; nothing in them can end the quotes or read as markup.
        Assert.Contains("_b__1__x___b_[\"#lt;b#gt;#35;1 #quot;x#quot;#lt;/b#gt;\"] {", all.Mermaid);
        Assert.Contains("        text a_b_ \"a#lt;b#gt;\"\n", all.Mermaid);
        Assert.Contains("        integer customer_id FK \"inferred: no foreign key\"\n", all.Mermaid);
        Assert.Equal(keys.Warnings, all.Warnings);
    }
}
