using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

/// <summary>
/// The checkpoint's position (the last key a backfill finished) as stored in <c>cutover_backfill.position</c>: the
/// stored text is a format that outlives a release, so it is pinned exactly, and every key type reads back as the
/// type it was written as.
/// </summary>
public sealed class KeyPositionTests
{
    [Fact]
    public void The_stored_text_is_a_json_array_of_tagged_strings()
    {
        var guid = Guid.Parse("0b5c3c5e-8f2a-4b7e-9d41-2f6a1c0e7d93");

        var text = KeyPosition.Write([42L, "a:b", guid, new byte[] { 1, 2, 255 }]);

        Assert.Equal("[\"i:42\",\"s:a:b\",\"u:0b5c3c5e-8f2a-4b7e-9d41-2f6a1c0e7d93\",\"b:AQL/\"]", text);
    }

    [Fact]
    public void Every_integer_width_is_stored_and_read_back_as_a_long()
    {
        var read = KeyPosition.Read(KeyPosition.Write([7, (short)-3, (byte)200, long.MaxValue]));

        Assert.Equal([7L, -3L, 200L, long.MaxValue], read);
        Assert.All(read, v => Assert.IsType<long>(v));
    }

    [Fact]
    public void Text_uuid_and_bytes_read_back_as_the_same_values_and_types()
    {
        var guid = Guid.NewGuid();
        var bytes = new byte[] { 0, 10, 20 };

        var read = KeyPosition.Read(KeyPosition.Write(["it's: \"quoted\"", "", guid, bytes]));

        Assert.Equal("it's: \"quoted\"", Assert.IsType<string>(read[0]));
        Assert.Equal("", Assert.IsType<string>(read[1]));
        Assert.Equal(guid, Assert.IsType<Guid>(read[2]));
        Assert.Equal(bytes, Assert.IsType<byte[]>(read[3]));
    }

    [Fact]
    public void A_key_type_that_cannot_be_stored_is_refused_and_an_unknown_tag_is_not_read()
    {
        Assert.Throws<InvalidOperationException>(() => KeyPosition.Write([DateTime.UtcNow]));
        Assert.Throws<FormatException>(() => KeyPosition.Read("[\"x:1\"]"));
    }

    [Theory]
    [InlineData(42L, "42")]
    [InlineData("O'Brien", "'O''Brien'")]
    public void One_key_is_shown_as_sql_would_write_it(object value, string shown) =>
        Assert.Equal(shown, KeyPosition.Show([value]));

    [Fact]
    public void A_composite_key_is_shown_as_a_row_value()
    {
        var guid = Guid.Parse("0b5c3c5e-8f2a-4b7e-9d41-2f6a1c0e7d93");

        Assert.Equal("(7, 'b', '0b5c3c5e-8f2a-4b7e-9d41-2f6a1c0e7d93', x'0AFF')", KeyPosition.Show([7L, "b", guid, new byte[] { 10, 255 }]));
    }
}
