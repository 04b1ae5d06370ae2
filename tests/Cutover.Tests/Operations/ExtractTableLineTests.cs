using Cutover.Files;
using Cutover.Operations;
using Cutover.Sql;

namespace Cutover.Tests.Operations;

/// <summary>The extract-table directive: read into its record, written back as it was, refused with the form when malformed.</summary>
public sealed class ExtractTableLineTests
{
    [Fact]
    public void The_directive_reads_into_the_old_columns_the_new_table_its_columns_and_the_key()
    {
        const string text = "extract-table app.orders (customer_name, customer_email) to customers (name, email) key customer_id";

        var file = MigrationFileParser.Parse("/m/20260101000000_extract.sql", $"-- cutover:op {text}\n", SqlDialect.Postgres);

        var op = Assert.IsType<ExtractTable>(Assert.Single(file.Steps).Operation);
        Assert.Equal(new TableName("app", "orders"), op.Table);
        Assert.Equal(["customer_name", "customer_email"], op.Columns);
        Assert.Equal("customers", op.NewTable);
        Assert.Equal(["name", "email"], op.NewColumns);
        Assert.Equal("customer_id", op.Key);
        Assert.Equal(1, op.Line);
        Assert.Equal(text, op.Text);
        Assert.Equal("orders_customer_id_fkey", op.ForeignKeyName);
        Assert.Equal("customers_name_email_key", op.UniqueName);
    }

    [Theory]
    [InlineData("extract-table orders (a, b) to customers (name) key customer_id", "2 column(s) move but the new table names 1")]
    [InlineData("extract-table orders (a) to customers (name)", "'key' is missing")]
    [InlineData("extract-table orders a to customers (name) key customer_id", "expected '('")]
    [InlineData("extract-table orders (a) into customers (name) key customer_id", "expected 'to'")]
    public void A_malformed_directive_is_refused_with_its_line_and_the_form(string text, string problem)
    {
        var error = Assert.Throws<InvalidFileException>(() =>
            MigrationFileParser.Parse("/m/20260101000000_extract.sql", $"-- cutover:up\nSELECT 1;\n-- cutover:op {text}\n", SqlDialect.Sqlite));

        Assert.StartsWith("/m/20260101000000_extract.sql:3: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(OperationLine.Forms["extract-table"], error.Message + error.Remedy, StringComparison.Ordinal);
    }
}
