using Cutover.Files;
using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

/// <summary>
/// The options of a <c>-- cutover:backfill</c> line (<see cref="BackfillSpec.Parse"/>): what each option sets, the
/// exact refusals with their hints, the bounds of batch= and pause=, and the line written back by ToString.
/// </summary>
public sealed class BackfillSpecTests
{
    private const string Usage = "write -- cutover:backfill <table> [key=<col>[,<col>]] [batch=<n>|auto] [pause=<ms>] [code=<name>]";

    private static BackfillSpec Parse(params string[] words) => BackfillSpec.Parse("m.sql", 3, words);

    private static CutoverException Refused(params string[] words)
    {
        var error = Assert.ThrowsAny<CutoverException>(() => Parse(words));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        return error;
    }

    [Fact]
    public void A_table_alone_walks_the_primary_key_with_automatic_batches_and_the_default_pause()
    {
        var spec = Parse("users");

        Assert.Equal("users", spec.Table);
        Assert.Null(spec.Key);
        Assert.Null(spec.BatchSize);
        Assert.Null(spec.PauseMs);
        Assert.Null(spec.Code);
    }

    [Fact]
    public void Every_option_is_read()
    {
        var spec = Parse("app.\"Users\"", "key=tenant_id,\"Id\"", "batch=500", "pause=20", "code=Reshape");

        Assert.Equal("app.\"Users\"", spec.Table);
        Assert.Equal(["tenant_id", "\"Id\""], spec.Key);
        Assert.Equal(500, spec.BatchSize);
        Assert.Equal(20, spec.PauseMs);
        Assert.Equal("Reshape", spec.Code);
    }

    [Fact]
    public void Batch_auto_sizes_batches_by_their_duration() =>
        Assert.Null(Parse("users", "batch=auto").BatchSize);

    [Theory]
    [InlineData("batch=500", "batch=auto")]
    [InlineData("batch=10", "batch=20")]
    [InlineData("pause=5", "pause=5")]
    [InlineData("code=A", "code=B")]
    public void An_option_given_twice_is_refused_rather_than_the_later_one_winning(string first, string second)
    {
        var error = Refused("users", first, "key=id", second);
        var name = first[..first.IndexOf('=', StringComparison.Ordinal)];
        Assert.Equal($"m.sql:3: backfill option {name}= given twice ({first} and {second})", error.Message);
        Assert.Equal("keep one of them", error.Hint);
    }

    [Theory]
    [InlineData("")]
    [InlineData("key=id")]
    [InlineData("batch=5 users")]
    public void A_step_without_a_table_is_refused(string line)
    {
        var error = Refused(line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

        Assert.Equal("m.sql:3: backfill step without a table", error.Message);
        Assert.Equal(Usage, error.Hint);
    }

    [Theory]
    [InlineData("key=id,")]
    [InlineData("key=,id")]
    [InlineData("key=a,,b")]
    [InlineData("key=,")]
    public void A_key_with_an_empty_column_name_is_refused(string option)
    {
        var error = Refused("users", option);

        Assert.Equal($"m.sql:3: {option} has an empty column name", error.Message);
        Assert.Equal("list the columns separated by commas, e.g. key=tenant_id,id", error.Hint);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1000000", 1_000_000)]
    [InlineData("250", 250)]
    public void Batch_takes_a_whole_number_from_1_to_a_million(string value, int rows) =>
        Assert.Equal(rows, Parse("users", $"batch={value}").BatchSize);

    [Theory]
    [InlineData("0")]
    [InlineData("1000001")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("-1")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Batch_outside_1_to_a_million_or_not_a_plain_whole_number_is_refused(string value)
    {
        var error = Refused("users", $"batch={value}");

        Assert.Equal($"m.sql:3: batch={value} is not a whole number from 1 to 1000000", error.Message);
        Assert.Equal("write batch=<rows per batch>, or batch=auto to size batches by their duration", error.Hint);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("600000", 600_000)]
    [InlineData("250", 250)]
    public void Pause_takes_a_whole_number_of_milliseconds_from_0_to_600000(string value, int ms) =>
        Assert.Equal(ms, Parse("users", $"pause={value}").PauseMs);

    [Theory]
    [InlineData("600001")]
    [InlineData("+5")]
    [InlineData("1e3")]
    [InlineData("-1")]
    [InlineData("-0")]
    [InlineData("soon")]
    public void Pause_outside_0_to_600000_or_not_a_plain_whole_number_is_refused(string value)
    {
        var error = Refused("users", $"pause={value}");

        Assert.Equal($"m.sql:3: pause={value} is not a whole number from 0 to 600000", error.Message);
        Assert.Equal("write pause=<milliseconds between batches>", error.Hint);
    }

    [Theory]
    [InlineData("size=5")]
    [InlineData("Batch=5")]
    [InlineData("batch=")]
    [InlineData("auto")]
    [InlineData("=5")]
    public void An_unknown_option_is_refused_as_written(string option)
    {
        var error = Refused("users", "batch=5", option);

        Assert.Equal($"m.sql:3: unknown backfill option '{option}'", error.Message);
        Assert.Equal(Usage, error.Hint);
    }

    [Theory]
    [InlineData("users", "users batch=auto")]
    [InlineData("users batch=500", "users batch=500")]
    [InlineData("users key=tenant_id,id", "users key=tenant_id,id batch=auto")]
    [InlineData("users pause=0", "users batch=auto pause=0")]
    [InlineData("users code=Reshape", "users batch=auto code=Reshape")]
    [InlineData("public.users code=Reshape pause=20 batch=1000000 key=id", "public.users key=id batch=1000000 pause=20 code=Reshape")]
    public void ToString_writes_the_options_back_in_their_canonical_order(string line, string written)
    {
        var spec = Parse(line.Split(' '));

        var again = Parse(written.Split(' '));

        Assert.Equal(written, spec.ToString());
        Assert.Equal(written, again.ToString());
        Assert.Equal((spec.Table, spec.BatchSize, spec.PauseMs, spec.Code), (again.Table, again.BatchSize, again.PauseMs, again.Code));
        Assert.Equal(spec.Key, again.Key);
    }
}
