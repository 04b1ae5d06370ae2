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
        Assert.Equal(
            "WITH s AS (SELECT \"id\" AS k0 FROM users WHERE \"id\" > @cutover_lo0 ORDER BY \"id\" LIMIT @cutover_n) " +
            "SELECT k0, (SELECT count(*) FROM s) FROM s ORDER BY k0 DESC LIMIT 1",
            single.NextBound(first: false));
    }
}
