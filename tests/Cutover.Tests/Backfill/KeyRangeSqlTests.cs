using Cutover.Backfill;

namespace Cutover.Tests.Backfill;

/// <summary>The SQL of keyset batching (<see cref="KeyRangeSql"/>), pinned as text.</summary>
public sealed class KeyRangeSqlTests
{
    [Fact]
    public void A_single_key_is_compared_bare_and_a_composite_key_as_a_row_value()
    {
        var single = new KeyRangeSql("users", ["\"id\""]);
        var composite = new KeyRangeSql("users", ["\"tenant_id\"", "\"id\""]);

        Assert.Equal("(\"id\" <= @cutover_hi0)", single.Predicate(first: true, alias: null));
        Assert.Equal("(u.\"id\" > @cutover_lo0 AND u.\"id\" <= @cutover_hi0)", single.Predicate(first: false, alias: "u"));
        Assert.Equal("((\"tenant_id\", \"id\") > (@cutover_lo0, @cutover_lo1) AND (\"tenant_id\", \"id\") <= (@cutover_hi0, @cutover_hi1))",
            composite.Predicate(first: false, alias: null));
        Assert.Equal("SELECT \"id\" FROM users WHERE \"id\" > @cutover_lo0 ORDER BY \"id\" LIMIT 1 OFFSET @cutover_skip", single.NextBound(first: false));
        Assert.Equal(
            "SELECT \"tenant_id\", \"id\", (SELECT count(*) FROM users WHERE (\"tenant_id\", \"id\") <= (@cutover_end0, @cutover_end1)) FROM users " +
            "WHERE (\"tenant_id\", \"id\") <= (@cutover_end0, @cutover_end1) ORDER BY \"tenant_id\" DESC, \"id\" DESC LIMIT 1",
            composite.LastBound(first: true, bounded: true));
    }
}
