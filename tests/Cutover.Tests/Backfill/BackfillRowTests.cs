using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

/// <summary>The columns of a code backfill's row (<see cref="BackfillRow"/>), read and set by name.</summary>
public sealed class BackfillRowTests
{
    [Fact]
    public void A_row_reads_and_sets_its_columns_by_name_in_any_case()
    {
        var row = new BackfillRow([1L], ["name", "Email", "data"], ["Ann", "ann@example.com", null]);

        Assert.Equal("Ann", row["NAME"]);
        Assert.Equal("ann@example.com", row["email"]);
        Assert.Null(row["Data"]);
        Assert.False(row.Changed);

        row.Set("DATA", "{}");

        Assert.True(row.Changed);
        Assert.Equal(["Ann", "ann@example.com", "{}"], row.Values);
    }

    [Fact]
    public void A_column_the_backfill_does_not_read_is_refused_naming_its_columns()
    {
        var row = new BackfillRow([1L], ["name", "Email"], ["Ann", null]);

        var error = Assert.Throws<ArgumentException>(() => row.Set("phone", "1"));

        Assert.Equal("column", error.ParamName);
        Assert.Equal("column 'phone' is not one of the backfill's columns (name, Email) (Parameter 'column')", error.Message);
        Assert.False(row.Changed);
        Assert.Equal("column", Assert.Throws<ArgumentException>(() => row["phone"]).ParamName);
    }
}
