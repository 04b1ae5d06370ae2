using Cutover.Files;

namespace Cutover.Tests.Files;

public sealed class MigrationNameTests
{
    [Theory]
    [InlineData("20240229235959", true)]
    [InlineData("20230229000000", false)] // not a leap year
    [InlineData("20240101246000", false)]
    [InlineData("2024010100000", false)]
    [InlineData("202401010000000", false)]
    [InlineData("2024-01-01T000", false)]
    public void An_id_is_14_digits_forming_a_real_utc_time(string id, bool valid) =>
        Assert.Equal(valid, MigrationName.IsValidId(id));

    [Theory]
    [InlineData("20240101000000_add_roles.sql", true)]
    [InlineData("20230229000000_add_roles.sql", false)]
    [InlineData("20240101000000_Add_roles.sql", false)]
    [InlineData("20240101000000-add_roles.sql", false)]
    [InlineData("20240101000000_.sql", false)]
    [InlineData("20240101000000_add_roles.SQL", false)]
    public void A_file_name_is_an_id_an_underscore_and_a_lower_case_slug(string file, bool valid)
    {
        Assert.Equal(valid, MigrationName.TryParseFileName("migrations/" + file, out var id, out var slug));
        Assert.Equal(valid ? "20240101000000" : "", id);
        Assert.Equal(valid ? "add_roles" : "", slug);
    }

    [Theory]
    [InlineData("20240101000000-Add-Roles.sql", "rename it to '20240101000000_add_roles.sql', or create files with `cutover new <name>`")]
    [InlineData("20240101000000AddRoles.sql", "rename it to '20240101000000_add_roles.sql', or create files with `cutover new <name>`")]
    [InlineData("20230229000000_add_roles.sql", "give it a real UTC date and time ('20230229000000' is not one), or create files with `cutover new <name>`")]
    [InlineData("20240101000000_add.roles.sql", "rename it using only a-z, 0-9 and _, or create files with `cutover new <name>`")]
    [InlineData("add_roles.sql", "create files with `cutover new <name>`")]
    public void The_hint_for_a_refused_name_says_how_to_fix_it(string file, string hint) =>
        Assert.Equal(hint, MigrationNameHint.For(MigrationName.RemedyFor(file)));
}
