using Cutover.Files;

namespace Cutover.Tests.Files;

public sealed class MigrationChecksumTests
{
    private const string Text = "-- cutover:up\nSELECT 1;\n-- cutover:down\nSELECT 2;\n";

    [Fact]
    public void Is_lower_case_hex_sha256_of_the_utf8_text()
    {
        // Known SHA-256 of "abc".
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", MigrationChecksum.Compute("abc"));
    }

    [Fact]
    public void Line_endings_and_a_bom_do_not_change_it()
    {
        var expected = MigrationChecksum.Compute(Text);
        Assert.Equal(expected, MigrationChecksum.Compute(Text.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal(expected, MigrationChecksum.Compute(Text.Replace('\n', '\r')));
        Assert.Equal(expected, MigrationChecksum.Compute("\uFEFF" + Text));
    }

    [Theory]
    [InlineData("-- cutover:up\nSELECT 1;\n-- cutover:down\nSELECT 3;\n")]
    [InlineData("-- cutover:up\nSELECT 1; \n-- cutover:down\nSELECT 2;\n")]
    [InlineData("-- cutover:up\nSELECT 1;\n-- cutover:down\nSELECT 2;")]
    [InlineData("-- cutover:up\nselect 1;\n-- cutover:down\nSELECT 2;\n")]
    [InlineData("\n-- cutover:up\nSELECT 1;\n-- cutover:down\nSELECT 2;\n")]
    public void Any_edit_changes_it(string edited)
    {
        Assert.NotEqual(MigrationChecksum.Compute(Text), MigrationChecksum.Compute(edited));
    }

    [Fact]
    public void Other_line_separators_are_content_not_line_endings()
    {
        Assert.NotEqual(MigrationChecksum.Compute("SELECT 'a\nb'"), MigrationChecksum.Compute("SELECT 'a\u2028b'"));
    }
}
