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
}
